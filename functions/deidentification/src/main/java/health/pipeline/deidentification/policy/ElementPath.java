package health.pipeline.deidentification.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.deidentification.fhir.FhirTypes;

/**
 * The FHIRPath subset policy rules select elements with:
 *
 * <pre>
 * path  := root ('.' step)*
 * root  := ResourceType | 'Resource' | DataType        e.g. Patient, Resource, Reference, CodeableConcept
 * step  := name | name '[x]' | ('extension' | 'modifierExtension') '(' quoted-url ')'
 * </pre>
 *
 * {@code Resource.x} selects {@code x} at the root of any resource; a data-type root ({@code Reference.display})
 * selects wherever an element of that type sits; {@code value[x]} selects every choice ({@code valueString},
 * {@code valueQuantity}...); {@code extension('url')} selects the extensions with that URL (FHIRPath's
 * {@code extension(url)} function). A path with only a resource type selects the resource itself.
 */
public final class ElementPath {
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*(\\[x\\])?");
    private static final Pattern EXTENSION = Pattern.compile("(extension|modifierExtension)\\('([^']+)'\\)");
    private static final Pattern ROOT = Pattern.compile("[A-Z][A-Za-z0-9]*");

    /** One step: an element name, whether it is a choice ({@code [x]}) and, for extensions, the URL. */
    record Step(String name, boolean choice, String url) {
        boolean matches(String element, JsonNode item) {
            if (choice) {
                if (!element.startsWith(name) || element.length() == name.length()
                        || !Character.isUpperCase(element.charAt(name.length()))) {
                    return false;
                }
            } else if (!element.equals(name)) {
                return false;
            }
            return url == null || (item != null && url.equals(item.path("url").asText(null)));
        }
    }

    private final String text;
    private final String root;
    private final boolean rootIsDataType;
    private final List<Step> steps;

    private ElementPath(String text, String root, boolean rootIsDataType, List<Step> steps) {
        this.text = text;
        this.root = root;
        this.rootIsDataType = rootIsDataType;
        this.steps = steps;
    }

    public static ElementPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PolicyException("invalid-path", "a rule path is empty");
        }
        List<String> parts = split(text);
        String root = parts.get(0);
        if (!ROOT.matcher(root).matches()) {
            throw new PolicyException("invalid-path", "a path must start with a resource or data type: " + text);
        }
        boolean dataType = FhirTypes.SELECTABLE.contains(root) || root.equals("BackboneElement");
        if (dataType && parts.size() == 1) {
            throw new PolicyException("invalid-path", "select a whole data type with \"type\", not \"path\": " + text);
        }
        List<Step> steps = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            Matcher extension = EXTENSION.matcher(part);
            if (extension.matches()) {
                steps.add(new Step(extension.group(1), false, extension.group(2)));
            } else if (NAME.matcher(part).matches()) {
                boolean choice = part.endsWith("[x]");
                steps.add(new Step(choice ? part.substring(0, part.length() - 3) : part, choice, null));
            } else {
                throw new PolicyException("invalid-path", "unsupported step '" + part + "' in " + text);
            }
        }
        return new ElementPath(text, root, dataType, List.copyOf(steps));
    }

    /** Splits on dots outside parentheses, so that URLs inside extension('...') stay whole. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '.' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        if (depth != 0 || parts.stream().anyMatch(String::isEmpty)) {
            throw new PolicyException("invalid-path", "unbalanced or empty step in " + text);
        }
        return parts;
    }

    /** The last step's element name (the index key), or {@code null} for a whole-resource path. */
    String lastName() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).name();
    }

    boolean lastIsChoice() {
        return !steps.isEmpty() && steps.get(steps.size() - 1).choice();
    }

    boolean selectsResource() {
        return steps.isEmpty();
    }

    String root() {
        return root;
    }

    /**
     * @param chain the element chain from the resource root (position 0) to the element being decided (last)
     */
    boolean matches(ElementChain chain) {
        int last = chain.depth();
        int rootAt = last - steps.size();
        if (rootAt < 0) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            int at = rootAt + 1 + i;
            if (!steps.get(i).matches(chain.name(at), chain.item(at))) {
                return false;
            }
        }
        if (rootIsDataType) {
            return root.equals(chain.type(rootAt));
        }
        return rootAt == 0 && (root.equals("Resource") || root.equals(chain.name(0)));
    }

    @Override
    public String toString() {
        return text;
    }
}
