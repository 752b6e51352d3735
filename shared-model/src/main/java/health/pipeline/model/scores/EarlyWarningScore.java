package health.pipeline.model.scores;

/**
 * A transparent early-warning score.
 *
 * @param risk     clinical risk category as the score's authors define it
 * @param complete false when a parameter was missing and counted as normal
 */
public record EarlyWarningScore(int score, String risk, boolean complete) {
}
