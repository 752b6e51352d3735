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
    private final boolean digits;
    private final int shortestWord;
    private final WordSet keywords;

    private Anchor(boolean digits, int shortestWord, WordSet keywords) {
        this.digits = digits;
        this.shortestWord = shortestWord;
        this.keywords = keywords;
    }

    static Anchor digits() {
        return new Anchor(true, 1, null);
    }

    /**
     * At words holding a digit and at least {@code shortestWord} characters long, for a pattern whose whole match is
     * one word as {@link Words} splits them ("987-65-4321", "2019-07-23"): shorter digit words are not tried.
     */
    static Anchor digitWords(int shortestWord) {
        return new Anchor(true, shortestWord, null);
    }

    static Anchor keywords(String... words) {
        return new Anchor(false, 1, set(words));
    }

    static Anchor digitsOrKeywords(String... words) {
        return new Anchor(true, 1, set(words));
    }

    private static WordSet set(String... words) {
        WordSet set = new WordSet(words.length);
        for (String word : words) {
            set.add(WordSet.hash(word));
        }
        return set;
    }

    /** Every match of {@code pattern} starting at one of this anchor's places, as {@code [start, end)} of {@code group}. */
    void matches(Pattern pattern, int group, Words words, List<int[]> into) {
        CharSequence text = words.text();
        Matcher matcher = null;
        int matchedTo = 0;
        for (int w = 0; w < words.size(); w++) {
            int start = words.start(w);
            if (start < matchedTo) {
                continue;
            }
            boolean here = false;
            int from = start;
            if (digits && words.length(w) >= shortestWord && words.hasDigit(w)) {
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
