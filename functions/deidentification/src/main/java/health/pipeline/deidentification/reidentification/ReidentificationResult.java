package health.pipeline.deidentification.reidentification;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of a re-identification call. Only {@link Outcome#RESOLVED} carries identifiers, and only those the
 * caller's role is shown (the policy's {@code reidentification.roles}); they are PHI and go only to the authorised
 * caller, never into logs or events.
 *
 * @param names       the patient's HumanNames as the source sent them, if the role is shown names
 * @param identifiers the patient's Identifiers of the types the role is shown (e.g. MR), as the source sent them
 * @param birthDate   the real birth date, if the role is shown it; else null
 */
public record ReidentificationResult(Outcome outcome, List<JsonNode> names, List<JsonNode> identifiers,
        String birthDate) {

    public enum Outcome {
        RESOLVED,
        /**
         * The token does not verify, or the role, purpose or facility is not allowed, or the requester is over their
         * rate limit.
         */
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
