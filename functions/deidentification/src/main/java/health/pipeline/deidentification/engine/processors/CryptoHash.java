package health.pipeline.deidentification.engine.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;

/**
 * {@code cryptoHash}: an Identifier keeps its use and type but its value becomes a keyed pseudonym of
 * {@code system|value} under {@link #IDENTIFIER_SYSTEM}; a primitive becomes the pseudonym of itself. The same input
 * gives the same pseudonym in every record, file and run (HMAC-SHA256 under the pseudonymisation secret), so linkage
 * survives without a lookup table.
 */
public final class CryptoHash implements ElementProcessor {
    public static final String IDENTIFIER_SYSTEM = "urn:health-pipeline:pseudonym:identifier";

    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        if (value.isObject()) {
            if (!value.hasNonNull("value")) {
                context.label(SecurityLabel.REDACTED);
                return null;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            if (value.has("use")) {
                out.set("use", value.get("use"));
            }
            if (value.path("type").isObject()) {
                ObjectNode identifierType = value.get("type").deepCopy();
                identifierType.remove("text"); // free text; the coding says the same
                out.set("type", identifierType);
            }
            out.put("system", IDENTIFIER_SYSTEM);
            out.put("value", context.pseudonymizer().pseudonym("identifier",
                    value.path("system").asText("") + "|" + value.get("value").asText()));
            context.label(SecurityLabel.PSEUDED);
            return out;
        }
        if (value.isValueNode()) {
            context.label(SecurityLabel.PSEUDED);
            return TextNode.valueOf(context.pseudonymizer().pseudonym("value", value.asText()));
        }
        context.label(SecurityLabel.REDACTED);
        return null;
    }
}
