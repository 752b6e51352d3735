package health.pipeline.emulators.kms;

import health.pipeline.emulators.EmulatorFault;

/**
 * An error the emulator answers with, in the shape the AWS JSON 1.1 protocol uses:
 * HTTP status plus a body {@code {"__type": code, "message": ...}}. The SDK maps {@code code} to its exception class.
 */
final class KmsFault extends EmulatorFault {

    KmsFault(int status, String code, String message) {
        super(status, code, message);
    }

    static KmsFault validation(String message) {
        return new KmsFault(400, "ValidationException", message);
    }

    static KmsFault missing(String member) {
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    static KmsFault notFound(String message) {
        return new KmsFault(400, "NotFoundException", message);
    }

    static KmsFault disabled(String keyArn) {
        return new KmsFault(400, "DisabledException", keyArn + " is disabled.");
    }

    static KmsFault invalidState(String message) {
        return new KmsFault(400, "KMSInvalidStateException", message);
    }

    static KmsFault invalidKeyUsage(String message) {
        return new KmsFault(400, "InvalidKeyUsageException", message);
    }

    static KmsFault invalidCiphertext(String message) {
        return new KmsFault(400, "InvalidCiphertextException", message);
    }

    static KmsFault unsupported(String message) {
        return new KmsFault(400, "UnsupportedOperationException", message);
    }
}
