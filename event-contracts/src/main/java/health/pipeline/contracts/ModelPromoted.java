package health.pipeline.contracts;

/**
 * An approved change of the active model: a promotion of a candidate, or a rollback.
 *
 * @param decision {@code promote} or {@code rollback}
 * @param evidence      the validation report the approval rests on
 * @param approvalToken the approver's identity-provider token (compact JWS); its subject must be {@code approver}
 */
public record ModelPromoted(String decision, ModelRef model, ModelRef previous, String approver, ObjectRef evidence,
        String reason, String approvalToken) {

    /** Never prints the token: it is a credential. */
    @Override
    public String toString() {
        return "ModelPromoted[" + decision + " " + model + ", previous " + previous + ", approver " + approver + "]";
    }
}
