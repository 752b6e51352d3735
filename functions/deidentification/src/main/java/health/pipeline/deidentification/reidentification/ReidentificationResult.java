package health.pipeline.deidentification.reidentification;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of a re-identification call. Only {@link Outcome#RESOLVED} carries identifiers; they are PHI and go
 * only to the authorised caller, never into logs or events.
 *
 * @param names       the patient's HumanNames as the source sent them
 * @param identifiers the patient's Identifiers (MRN, SSN...) as the source sent them
 * @param birthDate   the real birth date
 */
public record ReidentificationResult(Outcome outcome, List<JsonNode> names, List<JsonNode> identifiers,
        String birthDate) {

    public enum Outcome {
        RESOLVED,
        /** The role or purpose is not one the policy allows. */
        DENIED,
        /** The record does not exist or belongs to another patient. */
        NOT_FOUND
    }

    static ReidentificationResult of(Outcome outcome) {
        return new ReidentificationResult(outcome, List.of(), List.of(), null);
    }

    @Override
    public String toString() {
        return "ReidentificationResult[" + outcome + "]"; // never print the identifiers
    }
}
