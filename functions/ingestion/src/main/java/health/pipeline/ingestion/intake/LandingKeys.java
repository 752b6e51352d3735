package health.pipeline.ingestion.intake;

import java.util.regex.Pattern;

import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.Rejection;

/**
 * Landing object keys are upstream input: checked, and sanitised before they name anything we write. The sanitised
 * key keeps the original's folders and name, with relative segments dropped and every character outside S3's safe
 * set (letters, digits, {@code !_.*'()-/=}) replaced by {@code _}, so it is also a valid {@code ObjectKey} in events.
 */
public final class LandingKeys {
    private static final Pattern SAFE_SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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

    /** The upstream source: the first folder of the key when it is a safe code, else {@code unknown}. */
    public static String sourceOf(String key) {
        int slash = key.indexOf('/');
        String first = slash > 0 ? key.substring(0, slash) : "";
        return SAFE_SOURCE.matcher(first).matches() && !first.contains("..") ? first : "unknown";
    }

    /** The key to use in the quarantine zone: the original's shape, nothing that could escape or confuse. */
    public static String sanitise(String key) {
        StringBuilder safe = new StringBuilder();
        for (String segment : key.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                continue;
            }
            if (!safe.isEmpty()) {
                safe.append('/');
            }
            segment.codePoints().forEach(c -> safe.appendCodePoint(
                    c < 128 && (Character.isLetterOrDigit(c) || "!_.*'()-=".indexOf(c) >= 0) ? c : '_'));
        }
        String result = safe.isEmpty() ? "unnamed" : safe.toString();
        return result.length() > 900 ? result.substring(0, 900) : result;
    }
}
