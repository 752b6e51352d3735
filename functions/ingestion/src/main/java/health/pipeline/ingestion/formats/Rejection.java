package health.pipeline.ingestion.formats;

import health.pipeline.contracts.ReasonCode;

/**
 * Content that cannot be ingested, and why. The message is fixed text naming codes, fields and limits; it never
 * quotes the content (which may hold PHI). {@code line} is the 1-based line where the reason applies, or null.
 */
public final class Rejection extends Exception {
    private final ReasonCode code;
    private final Integer line;

    public Rejection(ReasonCode code, String message, Integer line) {
        super(message, null, false, false);
        this.code = code;
        this.line = line;
    }

    public Rejection(ReasonCode code, String message) {
        this(code, message, null);
    }

    public ReasonCode code() {
        return code;
    }

    public Integer line() {
        return line;
    }

    /** The same reason, placed at a line of the file. */
    public Rejection atLine(int lineNumber) {
        return new Rejection(code, getMessage(), lineNumber);
    }

    /** A limit hit while reading a stream, unchecked so that it can cross InputStream methods. */
    public static final class LimitExceeded extends java.io.IOException {
        private final transient Rejection rejection;

        public LimitExceeded(Rejection rejection) {
            super(rejection.getMessage(), null);
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }
}
