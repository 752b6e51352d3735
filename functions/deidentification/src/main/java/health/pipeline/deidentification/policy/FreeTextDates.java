package health.pipeline.deidentification.policy;

/**
 * What free-text cleaning does with the dates it finds ({@code freeText.dates} in the policy file): move them by the
 * patient's own offset, as structured dates are (intervals survive: what researchers want), or replace them with
 * {@code [DATE]}.
 */
public enum FreeTextDates {
    SHIFT, REPLACE
}
