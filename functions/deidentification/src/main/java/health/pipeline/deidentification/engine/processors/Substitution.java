package health.pipeline.deidentification.engine.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;

/**
 * {@code substitute}: a primitive becomes the rule's fixed value. A complex element has no single value to replace,
 * so it is removed (a policy that substitutes a HumanName means "no name").
 */
public final class Substitution implements ElementProcessor {
    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        if (value.isValueNode()) {
            context.label(SecurityLabel.MASKED);
            return TextNode.valueOf(rule.param("value"));
        }
        context.label(SecurityLabel.REDACTED);
        return null;
    }
}
