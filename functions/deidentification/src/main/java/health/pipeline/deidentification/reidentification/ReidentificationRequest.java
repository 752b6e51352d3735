package health.pipeline.deidentification.reidentification;

import health.pipeline.contracts.ObjectRef;

/**
 * A clinician's request to see who a notification is about.
 *
 * @param requester the workforce user, as the identity provider names them (goes into the audit trail)
 * @param role      the role the caller acts in, as the identity provider asserts it
 * @param purpose   HL7 v3 PurposeOfUse, e.g. {@code TREAT}
 * @param patient   the patient pseudonym from the notification
 * @param record    the de-identified record the notification was scored from (its {@code input})
 */
public record ReidentificationRequest(String requester, String role, String purpose, String patient, ObjectRef record) {
}
