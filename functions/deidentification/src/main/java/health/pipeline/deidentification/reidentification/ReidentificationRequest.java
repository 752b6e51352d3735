package health.pipeline.deidentification.reidentification;

import health.pipeline.contracts.ObjectRef;

/**
 * A clinician's request to see who a notification is about. Who is asking is not taken from the request: it comes
 * only from the bearer token, verified against the identity provider's key (subject, roles, facilities).
 *
 * @param token   the clinician's bearer token (JWS) as the identity provider issued it, forwarded by the integration
 * @param role    the role the clinician acts in; must be one the token grants (its {@code groups} claim)
 * @param purpose HL7 v3 PurposeOfUse, one of the policy's fixed set, e.g. {@code TREAT}; recorded in the audit entry
 * @param patient the patient pseudonym from the notification
 * @param record  the de-identified record the notification was scored from (its {@code input})
 */
public record ReidentificationRequest(String token, String role, String purpose, String patient, ObjectRef record) {

    @Override
    public String toString() {
        return "ReidentificationRequest[role=" + role + ", purpose=" + purpose + "]"; // never print the token
    }
}
