package health.pipeline.deidentification.text;

/**
 * The words just before and after a pattern's match, as hashes for cue look-ups: "pain 7/10" and "7/10 pain" are
 * scores, "on 7/10" a date. Reads the text directly; no tokenising of the whole note for a few matches.
 */
final class Neighbours {
    private Neighbours() {
    }

    /** Hashes of up to {@code count} words ending before {@code at}, nearest first; 0 where there is none. */
    static long[] before(CharSequence text, int at, int count) {
        long[] hashes = new long[count];
        int i = at - 1;
        for (int k = 0; k < count; k++) {
            while (i >= 0 && !isWordChar(text.charAt(i))) {
                if (isBoundary(text.charAt(i))) {
                    return hashes;
                }
                i--;
            }
            int end = i + 1;
            while (i >= 0 && isWordChar(text.charAt(i))) {
                i--;
            }
            if (end <= i + 1) {
                return hashes;
            }
            hashes[k] = WordSet.hash(text, i + 1, end);
        }
        return hashes;
    }

    /** Hashes of up to {@code count} words starting at or after {@code at}, nearest first; 0 where there is none. */
    static long[] after(CharSequence text, int at, int count) {
        long[] hashes = new long[count];
        int i = at;
        for (int k = 0; k < count; k++) {
            while (i < text.length() && !isWordChar(text.charAt(i))) {
                if (isBoundary(text.charAt(i))) {
                    return hashes;
                }
                i++;
            }
            int start = i;
            while (i < text.length() && isWordChar(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                return hashes;
            }
            hashes[k] = WordSet.hash(text, start, i);
        }
        return hashes;
    }

    static boolean any(long[] hashes, WordSet set) {
        for (long hash : hashes) {
            if (hash != 0 && set.contains(hash)) {
                return true;
            }
        }
        return false;
    }

    /** Context does not reach across a sentence, a clause or a line ("f/u 8/87. Pain 7/10": 8/87 is a date). */
    private static boolean isBoundary(char c) {
        return c == '.' || c == ',' || c == ';' || c == '\n' || c == '\r' || c == '!' || c == '?';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '/' || c == '\'' || c == '-';
    }
}
