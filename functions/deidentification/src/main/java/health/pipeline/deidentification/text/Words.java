package health.pipeline.deidentification.text;

import java.util.Arrays;

/**
 * The words of a note, found once and read by every word-level detector: runs of letters and digits joined by an inner
 * hyphen, apostrophe or slash ({@code Okonkwo-Halvorsen}, {@code O'Neil}, {@code pt's}, {@code c/o}, {@code 7/23}),
 * with each word's hash for lexicon look-ups. Nothing is copied out of the text.
 */
final class Words {
    private final CharSequence text;
    private int[] starts = new int[128];
    private int[] ends = new int[128];
    private long[] hashes = new long[128];
    /** The hash of each word's first run of letters ("cell" of "cell#", "x" of "x1234"), 0 when it starts with a digit. */
    private long[] leadingLetters = new long[128];
    private boolean[] digits = new boolean[128];
    private int size;
    private int[] anchorCandidates;

    private Words(CharSequence text) {
        this.text = text;
    }

    static Words of(CharSequence text) {
        Words words = new Words(text);
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (i == length) {
                break;
            }
            int start = i;
            long state = WordSet.begin();
            long leading = 0;
            boolean letters = true;
            boolean digit = false;
            while (i < length) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    if (letters && !Character.isLetter(c)) {
                        leading = i == start ? 0 : WordSet.finish(state);
                        letters = false;
                    }
                    digit |= c >= '0' && c <= '9' || Character.isDigit(c);
                    state = WordSet.step(state, c);
                    i++;
                } else if ((c == '-' || c == '\'' || c == '’' || c == '/') && i + 1 < length
                        && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    if (letters) {
                        leading = WordSet.finish(state);
                        letters = false;
                    }
                    state = WordSet.step(state, c);
                    i++;
                } else {
                    break;
                }
            }
            long hash = WordSet.finish(state);
            words.add(start, i, hash, letters ? hash : leading, digit);
        }
        return words;
    }

    private void add(int start, int end, long hash, long leading, boolean digit) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            leadingLetters = Arrays.copyOf(leadingLetters, size * 2);
            digits = Arrays.copyOf(digits, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        hashes[size] = hash;
        leadingLetters[size] = leading;
        digits[size] = digit;
        size++;
    }

    long leadingLetters(int word) {
        return leadingLetters[word];
    }

    /** The words where some pattern may start ({@link Anchor#candidates}), found on first use. */
    int[] anchorCandidates() {
        if (anchorCandidates == null) {
            anchorCandidates = Anchor.candidates(this);
        }
        return anchorCandidates;
    }

    CharSequence text() {
        return text;
    }

    int size() {
        return size;
    }

    int start(int word) {
        return starts[word];
    }

    int end(int word) {
        return ends[word];
    }

    long hash(int word) {
        return hashes[word];
    }

    int length(int word) {
        return ends[word] - starts[word];
    }

    /** The hash of words {@code from..to} (inclusive) joined by single spaces, as multi-word list entries are. */
    long phraseHash(int from, int to) {
        long state = WordSet.begin();
        for (int w = from; w <= to; w++) {
            if (w > from) {
                state = WordSet.step(state, ' ');
            }
            state = WordSet.step(state, text, starts[w], ends[w]);
        }
        return WordSet.finish(state);
    }

    boolean hasDigit(int word) {
        return digits[word];
    }

    /** Upper-case first letter and at least one lower-case letter after it ("Okafor", "McNeil"). */
    boolean capitalised(int word) {
        if (!Character.isUpperCase(text.charAt(starts[word]))) {
            return false;
        }
        for (int i = starts[word] + 1; i < ends[word]; i++) {
            if (Character.isLowerCase(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Two or more letters, every one upper case ("BMC", "ICU"). */
    boolean allUpper(int word) {
        int letters = 0;
        for (int i = starts[word]; i < ends[word]; i++) {
            char c = text.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            if (Character.isLetter(c)) {
                letters++;
            }
        }
        return letters >= 2;
    }

    /**
     * True when the word opens a sentence, a line or a heading's text, where capitals say nothing about names: after the
     * start, a full stop, a question or exclamation mark, a colon, a line break or a list bullet.
     */
    boolean opensSentence(int word) {
        for (int i = starts[word] - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '"' || c == '(') {
                continue;
            }
            return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\r' || c == '-' || c == '*'
                    || c == '•' || c == ';';
        }
        return true;
    }

    /** The character right after the word, or 0 at the end. */
    char after(int word) {
        return ends[word] < text.length() ? text.charAt(ends[word]) : 0;
    }

    /** True when only spaces (no punctuation, no line break) stand between this word and the next. */
    boolean joinedToNext(int word) {
        return gapToNext(word, false);
    }

    /** Like {@link #joinedToNext} but one full stop may stand in the gap too: "Dr. Okafor", "St. Agnes", "J. Okafor". */
    boolean joinedAcrossDot(int word) {
        return gapToNext(word, true);
    }

    private boolean gapToNext(int word, boolean dotAllowed) {
        if (word + 1 >= size) {
            return false;
        }
        boolean dot = false;
        for (int i = ends[word]; i < starts[word + 1]; i++) {
            char c = text.charAt(i);
            if (c == '.' && dotAllowed && !dot) {
                dot = true;
            } else if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
