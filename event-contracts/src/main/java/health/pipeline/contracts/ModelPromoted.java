package health.pipeline.contracts;

/**
 * An approved change of the active model: a promotion of a candidate, or a rollback.
 *
 * @param decision {@code promote} or {@code rollback}
 * @param evidence the validation report the approval rests on
 */
public record ModelPromoted(String decision, ModelRef model, ModelRef previous, String approver, ObjectRef evidence,
        String reason) {
}
