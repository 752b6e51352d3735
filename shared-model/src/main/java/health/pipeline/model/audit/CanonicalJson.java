package health.pipeline.model.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Canonical JSON for hashing: object members sorted by key, no insignificant white space, nulls dropped. Two
 * producers that agree on the values agree on the bytes, whatever their serialiser's field order.
 */
public final class CanonicalJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CanonicalJson() {
    }

    public static String of(JsonNode node) {
        return canonical(node).toString();
    }

    public static String of(Object value) {
        return of(JSON.valueToTree(value));
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) {
                JsonNode child = node.get(name);
                if (!child.isNull()) {
                    sorted.set(name, canonical(child));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(child -> array.add(canonical(child)));
            return array;
        }
        return node;
    }
}
