package health.pipeline.deidentification.engine.processors;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.policy.PolicyRule;

/**
 * One de-identification method. It receives one value of the selected element and returns its replacement, or
 * {@code null} to remove it, and reports what it did as security labels on the context.
 */
public interface ElementProcessor {

    /**
     * @param value the element's value (an item of a repeating element)
     * @param type  the element's data type, as {@link health.pipeline.deidentification.fhir.FhirTypes} inferred it
     */
    JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context);
}
