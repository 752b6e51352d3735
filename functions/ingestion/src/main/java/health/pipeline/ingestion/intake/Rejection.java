package health.pipeline.ingestion.intake;

import health.pipeline.contracts.ReasonCode;

/** A file that cannot be ingested, and why. The message is fixed text and never quotes the file's content. */
final class Rejection extends Exception {
    final ReasonCode code;
    final Integer line;

    Rejection(ReasonCode code, String message, Integer line) {
        super(message, null, false, false);
        this.code = code;
        this.line = line;
    }

    Rejection(ReasonCode code, String message) {
        this(code, message, null);
    }
}
