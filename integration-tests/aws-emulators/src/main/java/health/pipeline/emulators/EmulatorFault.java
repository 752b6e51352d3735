package health.pipeline.emulators;

/**
 * An error an emulator answers with: the HTTP status and the error code the AWS SDK maps to its exception class.
 * Each protocol (JSON 1.1 for KMS, Query/XML for SNS) renders it in its own shape.
 */
public abstract class EmulatorFault extends RuntimeException {
    private final int status;
    private final String code;

    protected EmulatorFault(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
