package health.pipeline.deidentification.policy;

/**
 * A policy file that must not be used. The message names the rule index and the field, never a data value, so it can
 * be logged; the function refuses to start with it.
 */
public final class PolicyException extends RuntimeException {
    private final String code;

    public PolicyException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** A stable, machine-readable reason, e.g. {@code unknown-method}. */
    public String code() {
        return code;
    }
}
