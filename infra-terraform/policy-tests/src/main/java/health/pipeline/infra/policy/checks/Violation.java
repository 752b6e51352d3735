package health.pipeline.infra.policy.checks;

/** One control not met: which check, which block (by address) and why. */
public record Violation(String check, String address, String reason) {

    @Override
    public String toString() {
        return check + " " + address + ": " + reason;
    }
}
