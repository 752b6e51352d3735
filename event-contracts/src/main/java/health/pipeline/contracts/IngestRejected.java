package health.pipeline.contracts;

/** A file, or a part of it, was quarantined. The reason never quotes the rejected content. */
public record IngestRejected(String ingestId, SourceFile file, Reason reason, ObjectRef quarantined) {

    /**
     * @param code    a code from {@code contracts/reason-codes.json}
     * @param message a fixed, content-free explanation
     * @param line    1-based line number where it applies, otherwise null
     */
    public record Reason(String code, String message, Integer line) {
    }
}
