package health.pipeline.deidentification.text;

import java.util.Arrays;
import java.util.Locale;

/**
 * Words of a text with their offsets: runs of letters and digits, joined by inner hyphens, apostrophes, dots, slashes
 * and at-signs ({@code Okonkwo-Halvorsen}, {@code O'Neil}, {@code j.doe@example.org}, {@code 03/14/1958} are one word
 * each). Matching the record's own identifiers word by word is a hash lookup per word, where one big regex
 * alternation would try every term at every position.
 */
final class Tokens {
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private String[] lower = new String[64];
    private int size;

    static Tokens of(String text) {
        Tokens tokens = new Tokens();
        String lowered = text.toLowerCase(Locale.ROOT);
        // Lower-casing can change the length of a few non-ASCII texts; then each word is lower-cased on its own.
        boolean sameLength = lowered.length() == text.length();
        int i = 0;
        int length = text.length();
        while (i < length) {
            while (i < length && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (i == length) {
                break;
            }
            int start = i;
            while (i < length) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    i++;
                } else if (isJoiner(c) && i + 1 < length && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    i += 2;
                } else {
                    break;
                }
            }
            tokens.add(start, i, sameLength ? lowered.substring(start, i) : text.substring(start, i).toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    /** The words of a term, lower-cased by the caller. */
    static String[] words(String term) {
        Tokens tokens = of(term);
        return Arrays.copyOf(tokens.lower, tokens.size);
    }

    static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJoiner(char c) {
        return c == '-' || c == '\'' || c == '’' || c == '.' || c == '/' || c == '@' || c == '_';
    }

    private void add(int start, int end, String word) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            lower = Arrays.copyOf(lower, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        lower[size] = word;
        size++;
    }

    int size() {
        return size;
    }

    int start(int index) {
        return starts[index];
    }

    int end(int index) {
        return ends[index];
    }

    String lower(int index) {
        return lower[index];
    }

    /** True when the words from {@code index} on are exactly {@code words}. */
    boolean matches(int index, String[] words) {
        if (index + words.length > size) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!lower[index + k].equals(words[k])) {
                return false;
            }
        }
        return true;
    }
}
