package health.pipeline.deidentification.text;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a pattern may start, so that it is tried at a few places instead of at every character of a note: at words
 * that hold a digit (and a '(' or '+' just before one), or at words whose leading letters are one of its keywords
 * ("MRN", "cell#", "ext."). A pattern is matched with {@link Matcher#lookingAt()} from each such place, its
 * look-behinds seeing the text before (transparent bounds), so it finds what a scan of the whole text would.
 * This is what keeps free-text cleaning linear and fast: a note is tokenised once and each pattern costs a few
 * attempts per digit or keyword, not one per character.
 */
final class Anchor {
    /** Every keyword of every anchor: a note's words are sifted against it once, and each pattern walks the sifted few. */
    private static final WordSet ALL_KEYWORDS = new WordSet(256);

    private final boolean digits;
    private final int shortestWord;
    private final WordSet keywords;
    /** When not null, a digit word is tried only if it, or the character after it, holds one of these. */
    private final String marks;

    private Anchor(boolean digits, int shortestWord, WordSet keywords, String marks) {
        this.digits = digits;
        this.shortestWord = shortestWord;
        this.keywords = keywords;
        this.marks = marks;
    }

    /**
     * At words holding a digit that hold one of {@code marks} or are followed by one: a date needs its '/' or '-', an
     * IP address its '.', so "120" or "3.9" is not tried for them.
     */
    static Anchor digitsMarkedBy(String marks) {
        return new Anchor(true, 1, null, marks);
    }

    static Anchor digits() {
        return new Anchor(true, 1, null, null);
    }

    /**
     * At words holding a digit and at least {@code shortestWord} characters long, for a pattern whose whole match is
     * one word as {@link Words} splits them ("987-65-4321", "2019-07-23"): shorter digit words are not tried.
     */
    static Anchor digitWords(int shortestWord) {
        return new Anchor(true, shortestWord, null, null);
    }

    static Anchor keywords(String... words) {
        return new Anchor(false, 1, set(words), null);
    }

    static Anchor digitsOrKeywords(String... words) {
        return new Anchor(true, 1, set(words), null);
    }

    private static WordSet set(String... words) {
        WordSet set = new WordSet(words.length);
        synchronized (ALL_KEYWORDS) {
            for (String word : words) {
                set.add(WordSet.hash(word));
                ALL_KEYWORDS.add(WordSet.hash(word));
            }
        }
        return set;
    }

    private boolean marked(CharSequence text, int start, int end) {
        if (marks == null) {
            return true;
        }
        int stop = Math.min(text.length(), end + 1);
        for (int i = start; i < stop; i++) {
            if (marks.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The words any anchor may start at: those holding a digit, or whose leading letters are some pattern's keyword. */
    static int[] candidates(Words words) {
        int[] found = new int[16];
        int count = 0;
        for (int w = 0; w < words.size(); w++) {
            if (words.hasDigit(w) || ALL_KEYWORDS.contains(words.leadingLetters(w))) {
                if (count == found.length) {
                    found = java.util.Arrays.copyOf(found, count * 2);
                }
                found[count++] = w;
            }
        }
        return java.util.Arrays.copyOf(found, count);
    }

    /** Every match of {@code pattern} starting at one of this anchor's places, as {@code [start, end)} of {@code group}. */
    void matches(Pattern pattern, int group, Words words, List<int[]> into) {
        CharSequence text = words.text();
        Matcher matcher = null;
        int matchedTo = 0;
        for (int w : words.anchorCandidates()) {
            int start = words.start(w);
            if (start < matchedTo) {
                continue;
            }
            boolean here = false;
            int from = start;
            if (digits && words.length(w) >= shortestWord && words.hasDigit(w) && marked(text, start, words.end(w))) {
                here = true;
                if (start > 0 && (text.charAt(start - 1) == '(' || text.charAt(start - 1) == '+')) {
                    from = start - 1;
                }
            }
            if (!here && keywords != null && keywords.contains(words.leadingLetters(w))) {
                here = true;
            }
            if (!here) {
                continue;
            }
            if (matcher == null) {
                matcher = pattern.matcher(text);
                matcher.useTransparentBounds(true);
                matcher.useAnchoringBounds(false);
            }
            for (int at = from; at <= start; at++) {
                matcher.region(at, text.length());
                if (matcher.lookingAt()) {
                    if (matcher.start(group) >= 0 && matcher.end(group) > matcher.start(group)) {
                        into.add(new int[] {matcher.start(group), matcher.end(group)});
                    }
                    matchedTo = matcher.end();
                    break;
                }
            }
        }
    }
}
