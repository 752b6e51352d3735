package health.pipeline.ingestion.hl7;

/**
 * HL7 v2 ER7 as upstream systems send it: segments end with {@code \r} (the standard), {@code \n} or {@code \r\n},
 * and messages may keep their MLLP frame (0x0B before, 0x1C 0x0D after). HAPI only splits segments on {@code \r}:
 * given {@code \n}-separated segments it "parses" the whole message as one MSH segment and returns an empty PID, so
 * segments are always rejoined with {@code \r} before parsing.
 */
public final class Hl7Framing {
    static final char START_BLOCK = 0x0B;
    static final char END_BLOCK = 0x1C;

    private Hl7Framing() {
    }

    /** One segment line with MLLP bytes removed (they may sit before MSH or after the last segment). */
    public static String stripMllp(String line) {
        if (line.indexOf(START_BLOCK) < 0 && line.indexOf(END_BLOCK) < 0) {
            return line;
        }
        StringBuilder clean = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != START_BLOCK && c != END_BLOCK) {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    /** One segment line as the splitter reads it: MLLP bytes and a byte-order mark removed, surrounding space trimmed. */
    public static String segment(String line) {
        String segment = stripMllp(line).strip();
        while (!segment.isEmpty() && segment.charAt(0) == '\uFEFF') {
            segment = segment.substring(1).strip();
        }
        return segment;
    }

    /** File and batch header and trailer segments, which wrap messages in a batch file. */
    public static boolean isBatchEnvelope(String segment) {
        return segment.length() >= 3 && (segment.startsWith("FHS") || segment.startsWith("BHS")
                || segment.startsWith("BTS") || segment.startsWith("FTS"))
                && (segment.length() == 3 || !Character.isLetterOrDigit(segment.charAt(3)));
    }

    /** Normalises a whole message text: MLLP removed, every segment terminator a single {@code \r}. */
    public static String normalise(String message) {
        String unframed = stripMllp(message);
        StringBuilder out = new StringBuilder(unframed.length());
        for (String segment : unframed.split("\r\n|\r|\n")) {
            if (!segment.isBlank()) {
                out.append(segment).append('\r');
            }
        }
        return out.toString();
    }
}
