package health.pipeline.infra.policy.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading literal values out of HCL as hcl2json renders it, and following {@code var.x} to what sets it. */
public final class Values {

    private static final Pattern VARIABLE = Pattern.compile("^\\$\\{var\\.([A-Za-z0-9_-]+)}$");
    private static final int MAX_DEPTH = 8;

    private Values() {
    }

    public static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** An expression without its {@code ${...}} wrapping, as written: {@code "${module.keys}"} gives {@code module.keys}. */
    public static String expression(JsonNode value) {
        String text = text(value).strip();
        return text.startsWith("${") && text.endsWith("}") ? text.substring(2, text.length() - 1).strip() : text;
    }

    /** True for a literal true, or a "true" string (how HCL booleans look inside some blocks). */
    public static boolean isTrue(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : "true".equals(value.asText(null));
    }

    public static OptionalDouble number(JsonNode value) {
        if (value.isNumber()) {
            return OptionalDouble.of(value.doubleValue());
        }
        if (value.isTextual()) {
            try {
                return OptionalDouble.of(Double.parseDouble(value.asText()));
            } catch (NumberFormatException notANumber) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    public static Optional<String> variableName(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        Matcher matcher = VARIABLE.matcher(value.asText().strip());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * Every value an attribute can take in this configuration: a literal as is; {@code var.x} as the variable's
     * default and as whatever each caller of the module passes (followed through the caller's own variables). An
     * expression that cannot be followed (a local, a function call, a variable without default nobody sets) stays
     * as its text, which no check accepts as a proof.
     */
    public static List<JsonNode> resolve(TerraformModule module, JsonNode value) {
        List<JsonNode> values = new ArrayList<>();
        resolve(module, value, values, 0);
        return values;
    }

    private static void resolve(TerraformModule module, JsonNode value, List<JsonNode> values, int depth) {
        Optional<String> variable = variableName(value);
        if (variable.isEmpty() || depth > MAX_DEPTH) {
            values.add(value);
            return;
        }
        String name = variable.get();
        List<Block> callers = module.configuration().callersOf(module);
        boolean someCallerLeavesDefault = callers.isEmpty();
        for (Block call : callers) {
            if (call.has(name)) {
                resolve(call.module(), call.attribute(name), values, depth + 1);
            } else {
                someCallerLeavesDefault = true;
            }
        }
        if (someCallerLeavesDefault) {
            Optional<JsonNode> fallback = module.variable(name).map(v -> v.attribute("default"))
                    .filter(d -> !d.isMissingNode() && !d.isNull());
            values.add(fallback.orElse(TextNode.valueOf(value.asText() + " (no default, not set)")));
        }
    }

    /** True when the resolved values are all numbers satisfying the test (and there is at least one). */
    public static boolean allNumbers(List<JsonNode> values, java.util.function.DoublePredicate test) {
        return !values.isEmpty() && values.stream().allMatch(v -> number(v).stream().anyMatch(test));
    }

    public static boolean allTrue(List<JsonNode> values) {
        return !values.isEmpty() && values.stream().allMatch(Values::isTrue);
    }

    public static String describe(List<JsonNode> values) {
        return values.stream().map(Values::text).toList().toString();
    }
}
