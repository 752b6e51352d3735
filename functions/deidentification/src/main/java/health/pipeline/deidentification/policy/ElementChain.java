package health.pipeline.deidentification.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The elements from a resource's root to the one being decided: position 0 is the resource (its name and type are
 * the resource type), the last position is the current element. A walk pushes and pops; nothing is allocated per
 * element.
 */
public final class ElementChain {
    private String[] names = new String[32];
    private String[] types = new String[32];
    private JsonNode[] items = new JsonNode[32];
    private int depth = -1;

    public void reset(String resourceType, JsonNode resource) {
        depth = -1;
        push(resourceType, resourceType, resource);
    }

    public void push(String name, String type, JsonNode item) {
        depth++;
        if (depth == names.length) {
            names = java.util.Arrays.copyOf(names, depth * 2);
            types = java.util.Arrays.copyOf(types, depth * 2);
            items = java.util.Arrays.copyOf(items, depth * 2);
        }
        names[depth] = name;
        types[depth] = type;
        items[depth] = item;
    }

    public void pop() {
        items[depth] = null;
        depth--;
    }

    public int depth() {
        return depth;
    }

    public String name(int at) {
        return names[at];
    }

    public String type(int at) {
        return types[at];
    }

    public JsonNode item(int at) {
        return items[at];
    }

    public String resourceType() {
        return names[0];
    }

    /** The element path without indexes, e.g. {@code Patient.address.postalCode}; for reports, never for values. */
    public String path() {
        StringBuilder out = new StringBuilder(names[0]);
        for (int i = 1; i <= depth; i++) {
            out.append('.').append(names[i]);
        }
        return out.toString();
    }
}
