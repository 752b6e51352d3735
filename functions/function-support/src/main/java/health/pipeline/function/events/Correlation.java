package health.pipeline.function.events;

import org.jboss.logging.MDC;

/** Puts the correlation id of the message being handled into every log line (JSON field {@code correlationId}). */
public final class Correlation {
    private Correlation() {
    }

    public static void set(String correlationId) {
        if (correlationId == null) {
            MDC.remove("correlationId");
        } else {
            MDC.put("correlationId", correlationId);
        }
    }
}
