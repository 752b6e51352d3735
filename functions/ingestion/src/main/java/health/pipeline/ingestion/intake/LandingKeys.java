package health.pipeline.ingestion.intake;

import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.Rejection;

/**
 * Landing object keys are upstream input, and PHI: checked here, and never used to name anything we write (see
 * {@link LandingReferences}).
 */
public final class LandingKeys {
    private LandingKeys() {
    }

    /** Rejects keys with control characters or relative segments ({@code ..}, {@code .}). */
    public static void check(String key) throws Rejection {
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new Rejection(ReasonCode.INVALID_KEY, "the object key contains control characters");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new Rejection(ReasonCode.INVALID_KEY, "the object key contains a relative path segment");
            }
        }
    }
}
