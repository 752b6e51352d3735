package health.pipeline.deidentification.engine.processors;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;

/**
 * {@code generalize}, by the rule's {@code to}:
 * <ul>
 * <li>{@code zip3}: an Address keeps its use, type, state, country and the first 3 digits of its ZIP code; a 3-digit
 * area on the policy's restricted list (20,000 people or fewer) becomes {@code 000}; lines, city, district, text and
 * period are removed;</li>
 * <li>{@code year}: a date keeps its year; when the patient is older than the policy's oldest age, it is removed (the
 * engine records "90+" instead);</li>
 * <li>{@code age}: an Age over the policy's oldest age becomes oldest + 1 with comparator {@code >=}.</li>
 * </ul>
 */
public final class Generalization implements ElementProcessor {
    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        return switch (rule.param("to")) {
            case "zip3" -> address(value, context);
            case "year" -> year(value, context);
            default -> age(value, context);
        };
    }

    private static JsonNode address(JsonNode value, RecordContext context) {
        if (!value.isObject()) {
            context.label(SecurityLabel.REDACTED);
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String kept : new String[] {"use", "type", "state", "country"}) {
            if (value.path(kept).isTextual()) {
                out.set(kept, value.get(kept));
            }
        }
        String zip3 = zip3(value.path("postalCode").asText(""), context.policy().restrictedZip3());
        if (zip3 != null) {
            out.put("postalCode", zip3);
        }
        context.label(SecurityLabel.ABSTRED);
        return out.isEmpty() ? null : out;
    }

    /** The first three digits of a US ZIP code, {@code 000} for a restricted area, {@code null} for anything else. */
    public static String zip3(String postalCode, Set<String> restricted) {
        String zip = postalCode.strip();
        if (!zip.matches("\\d{5}(-?\\d{4})?")) {
            return null;
        }
        String prefix = zip.substring(0, 3);
        return restricted.contains(prefix) ? "000" : prefix;
    }

    private static JsonNode year(JsonNode value, RecordContext context) {
        String text = value.asText("");
        if (context.ageAggregated() || text.length() < 4 || !text.substring(0, 4).chars().allMatch(Character::isDigit)) {
            context.label(context.ageAggregated() ? SecurityLabel.AGGRED : SecurityLabel.REDACTED);
            return null;
        }
        context.label(SecurityLabel.ABSTRED);
        return TextNode.valueOf(text.substring(0, 4));
    }

    private static JsonNode age(JsonNode value, RecordContext context) {
        if (!value.isObject() || !value.path("value").isNumber()) {
            context.label(SecurityLabel.REDACTED);
            return null;
        }
        double years = years(value);
        int oldest = context.policy().oldestAge();
        if (years <= oldest) {
            return value;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("value", oldest + 1);
        out.put("comparator", ">=");
        out.put("unit", "a");
        out.put("system", "http://unitsofmeasure.org");
        out.put("code", "a");
        context.label(SecurityLabel.AGGRED);
        return out;
    }

    private static double years(JsonNode age) {
        double value = age.get("value").asDouble();
        return switch (age.path("code").asText(age.path("unit").asText("a"))) {
            case "mo" -> value / 12;
            case "wk" -> value / 52.18;
            case "d" -> value / 365.25;
            default -> value;
        };
    }
}
