package health.pipeline.deidentification.policy;

import java.util.Map;

/**
 * One rule of a policy: a selector (a {@link ElementPath} or a data type) and a method with its parameters.
 *
 * @param order  position in the policy file: when several rules select an element, the first one wins
 * @param path   the path selector, or {@code null} for a type rule
 * @param type   the data-type selector, or {@code null} for a path rule
 * @param params method parameters, e.g. {@code to=zip3} for {@code generalize} or {@code value=...} for {@code substitute}
 */
public record PolicyRule(int order, ElementPath path, String type, Method method, Map<String, String> params) {

    public String param(String name) {
        return params.get(name);
    }

    /** The selector as written in the policy file, for reports and error messages. */
    public String selector() {
        return path != null ? path.toString() : "type:" + type;
    }
}
