package health.pipeline.emulators.sns;

import health.pipeline.emulators.EmulatorFault;

/**
 * An error the emulator answers with, in the AWS Query protocol shape
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}.
 * The SDK maps {@code Code} to its exception class (NotFound → NotFoundException, InvalidParameter →
 * InvalidParameterException, ParameterValueInvalid → InvalidParameterValueException, ...).
 */
final class SnsFault extends EmulatorFault {

    SnsFault(int status, String code, String message) {
        super(status, code, message);
    }

    /** "Sender" for client errors, "Receiver" for server errors, as AWS reports them. */
    String type() {
        return status() >= 500 ? "Receiver" : "Sender";
    }

    static SnsFault invalidParameter(String message) {
        return new SnsFault(400, "InvalidParameter", "Invalid parameter: " + message);
    }

    static SnsFault invalidParameterValue(String message) {
        return new SnsFault(400, "ParameterValueInvalid", message);
    }

    static SnsFault notFound(String message) {
        return new SnsFault(404, "NotFound", message);
    }

    static SnsFault topicNotFound() {
        return notFound("Topic does not exist");
    }

    static SnsFault subscriptionNotFound() {
        return notFound("Subscription does not exist");
    }
}
