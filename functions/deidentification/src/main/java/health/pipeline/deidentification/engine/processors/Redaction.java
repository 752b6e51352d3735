package health.pipeline.deidentification.engine.processors;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;

/** {@code redact}: the element is removed. */
public final class Redaction implements ElementProcessor {
    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        context.label(SecurityLabel.REDACTED);
        return null;
    }
}
