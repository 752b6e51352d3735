package health.pipeline.deidentification.text;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as clinicians write them: with or without a year, in digits ("7/23", "07-23", "7/23/19", "2019-07-23", "8/87"
 * month and year), with month names ("nov. 3", "November 3rd", "3 Nov 2019", "in november"), ordinals ("on the 11th"),
 * holidays ("christmas"), and a birth year old enough to make an age over 89. A year alone stays (Safe Harbor).
 * Number pairs that are scores, pressures or fractions ("pain 7/10", "bp 120/80", "5/5 strength", "1/2 ns", "sob 2/2
 * chf") are told apart by the words around them ({@code lexicon/cues/fraction-contexts.txt}); where nothing says
 * which, a pair that can be a date is one (recall first).
 */
final class DatePatterns {
    static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    /** Month names that are not also common words ("may", "march", "dec" for decreased), safe to take alone. */
    private static final String LONE_MONTH = "(?:january|february|april|june|july|august|september|october|november|december"
            + "|sept)";
    private static final String ORDINAL = "(?:st|nd|rd|th)";

    private static final Pattern ISO = Pattern.compile(
            "(?<![\\d-])\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?![\\d-])");
    private static final Pattern NUMERIC_WITH_YEAR = Pattern.compile(
            "(?<![\\d/.-])(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\d/-]|\\.\\d)");
    private static final Pattern MONTH_YEAR = Pattern.compile("(?<![\\d/.-])(\\d{1,2})[/-](\\d{4})(?![\\d/-])");
    /** "16-Oct", "3-Oct-2023", "31-oct-19". */
    private static final Pattern DAY_MONTH = Pattern.compile("(?i)(?<![\\w-])\\d{1,2}-" + MONTH + "(?:-(?:\\d{4}|\\d{2}))?(?![\\w-])");
    /** "2/25-3/7": both ends are dates. */
    private static final Pattern RANGE = Pattern.compile("(?<![\\d/.-])(\\d{1,2})/(\\d{1,2})-(\\d{1,2})/(\\d{1,2})(?![\\d/])");
    private static final Pattern PAIR = Pattern.compile("(?<![\\d/.-])(\\d{1,2})([/-])(\\d{1,2})(?![\\d/]|-\\d|\\.\\d)");
    private static final Pattern NAMED = Pattern.compile("(?i)(?<![a-z])(?:"
            // nov 3, nov. 3rd, november 3, 2019, nov 3 '19
            + MONTH + "\\.?\\s{0,2}(?:the\\s)?\\d{1,2}" + ORDINAL + "?(?![\\d:])(?:,?\\s{0,2}(?:\\d{4}|'\\d{2}))?"
            // 3 nov, 3rd of november 2019
            + "|\\d{1,2}" + ORDINAL + "?\\s{0,2}(?:of\\s)?" + MONTH + "\\.?(?![a-z])(?:,?\\s{0,2}\\d{4})?"
            // november 2019, nov '19
            + "|" + MONTH + "\\.?,?\\s{0,2}(?:\\d{4}|'\\d{2})(?!\\d)"
            // november, in mid-october, early dec.
            + "|" + LONE_MONTH + "(?![a-z])"
            + "|(?:(?:in|since|until|of|early|mid|late|last|this|next|during)[\\s-])(?:mar(?:ch)?|may|dec)(?![a-z])"
            + ")");
    private static final Pattern ORDINAL_DAY = Pattern.compile("(?i)(?<![\\w/])([1-9]|[12]\\d|3[01])" + ORDINAL
            + "(?![a-z\\d])");
    private static final long THE = WordSet.hash("the");
    private static final Anchor DIGITS = Anchor.digits();
    /** Numeric dates hold a '/', '-' or '.' in the word or right after it ("7/23", "07-23", "7.23.19"). */
    private static final Anchor SEPARATED = Anchor.digitsMarkedBy("/-.");
    /** "1st", "2nd", "3rd", "11th": a digit word holding one of the suffixes' letters. */
    private static final Anchor ORDINALS = Anchor.digitsMarkedBy("snrtSNRT");
    /** ISO dates and month-year pairs are one word of 5 characters or more ("2019-07-23", "1/2019"). */
    private static final Anchor DIGIT_WORDS_OF_5 = Anchor.digitWords(5);
    private static final Anchor NAMED_STARTS = Anchor.digitsOrKeywords("jan", "january", "feb", "february", "mar", "march",
            "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct",
            "october", "nov", "november", "dec", "december", "in", "since", "until", "of", "early", "mid", "late", "last",
            "this", "next", "during");
    private static final Anchor BIRTH = Anchor.keywords("born", "b", "dob", "birth", "birthdate", "d");
    private static final Pattern BIRTH_YEAR = Pattern.compile("(?i)\\b(?:born|b\\.|dob|birth|birthdate|d\\.o\\.b\\.?)"
            + "[^\\d\\n]{0,12}((?:18|19|20)\\d{2})(?!\\d)");

    private final Cues cues;
    private final int oldestKeptBirthYear = Year.now().getValue() - 89;

    DatePatterns(Cues cues) {
        this.cues = cues;
    }

    void find(Words words, boolean hasDigit, List<Finding> into) {
        String text = words.text().toString();
        List<int[]> spans = new ArrayList<>();
        if (hasDigit) {
            DIGIT_WORDS_OF_5.matches(ISO, 0, words, spans);
            SEPARATED.matches(NUMERIC_WITH_YEAR, 0, words, spans); // "7.23.19" is three words
            DIGIT_WORDS_OF_5.matches(MONTH_YEAR, 0, words, spans);
            SEPARATED.matches(DAY_MONTH, 0, words, spans);
            ranges(words, into);
            pairs(words, text, into);
            ordinals(words, text, into);
            List<int[]> births = new ArrayList<>();
            BIRTH.matches(BIRTH_YEAR, 1, words, births);
            for (int[] year : births) {
                if (Integer.parseInt(text, year[0], year[1], 10) < oldestKeptBirthYear) {
                    spans.add(year);
                }
            }
        }
        NAMED_STARTS.matches(NAMED, 0, words, spans);
        for (int[] span : spans) {
            into.add(new Finding(span[0], span[1], PhiType.DATE));
        }
    }

    /** Holidays are phrases of the cue list, found on the note's words. */
    void holidays(Words words, List<Finding> into) {
        for (int w = 0; w < words.size(); w++) {
            int length = Cues.phraseStartingAt(words, w, cues.holidays);
            if (length > 0) {
                into.add(new Finding(words.start(w), words.end(w + length - 1), PhiType.DATE));
                w += length - 1;
            }
        }
    }

    /** Matches of a digit-led pattern, each as a matcher positioned on it, for the rules that look at the groups. */
    private static void eachMatch(Pattern pattern, Anchor anchor, Words words, java.util.function.Consumer<Matcher> action) {
        List<int[]> spans = new ArrayList<>();
        anchor.matches(pattern, 0, words, spans);
        Matcher matcher = pattern.matcher(words.text());
        matcher.useTransparentBounds(true);
        for (int[] span : spans) {
            matcher.region(span[0], span[1]);
            if (matcher.matches()) {
                action.accept(matcher);
            }
        }
    }

    private static void ranges(Words words, List<Finding> into) {
        eachMatch(RANGE, SEPARATED, words, matcher -> {
            for (int g = 1; g <= 3; g += 2) {
                int month = Integer.parseInt(matcher.group(g));
                int day = Integer.parseInt(matcher.group(g + 1));
                if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
                    into.add(new Finding(matcher.start(g), matcher.end(g + 1), PhiType.DATE));
                }
            }
        });
    }

    private void pairs(Words words, String text, List<Finding> into) {
        eachMatch(PAIR, SEPARATED, words, matcher -> pair(matcher, text, into));
    }

    private void pair(Matcher matcher, String text, List<Finding> into) {
        int first = Integer.parseInt(matcher.group(1));
        int second = Integer.parseInt(matcher.group(3));
        boolean slash = matcher.group(2).equals("/");
        boolean twoDigitYear = matcher.group(3).length() == 2 && second == 0; // "1/00"
        if (first < 1 || first > 12 || second < 1 && !twoDigitYear) {
            return;
        }
        long[] before = Neighbours.before(text, matcher.start(), 4);
        long[] after = Neighbours.after(text, matcher.end(), 2);
        boolean dateCue = before[0] != 0 && cues.dateCues.contains(before[0]);
        if (!dateCue && (Neighbours.any(before, cues.fractionContexts) || Neighbours.any(after, cues.fractionContexts))) {
            return;
        }
        if (second > 31 || twoDigitYear) {
            // month and two-digit year ("8/87"); a dash here is a range ("5-40")
            if (slash) {
                into.add(new Finding(matcher.start(), matcher.end(), PhiType.DATE));
            }
            return;
        }
        if (!slash && !dateCue && isQuantityRange(before, after)) {
            return; // "2-3 L", "10-15 min", "q4-6h": a range of quantities
        }
        if (slash && !dateCue && isShorthand(first, second, before, after)) {
            return;
        }
        into.add(new Finding(matcher.start(), matcher.end(), PhiType.DATE));
    }

    /** The start of the word just before {@code at} ("the" of "the 11th"). */
    private static int wordBefore(String text, int at) {
        int i = at;
        while (i > 0 && !Character.isLetterOrDigit(text.charAt(i - 1))) {
            i--;
        }
        while (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private boolean isQuantityRange(long[] before, long[] after) {
        return after[0] != 0 && cues.quantityWords.contains(after[0])
                || before[0] != 0 && cues.rangeLeads.contains(before[0]);
    }

    /** "1/2", "3/4", "2/2 chf" (secondary to) between words, where no date word says otherwise. */
    private static boolean isShorthand(int first, int second, long[] before, long[] after) {
        boolean fraction = second <= 4 && first < second;
        boolean secondaryTo = first == 2 && second == 2 && before[0] != 0 && after[0] != 0;
        return fraction || secondaryTo;
    }

    private void ordinals(Words words, String text, List<Finding> into) {
        eachMatch(ORDINAL_DAY, ORDINALS, words, matcher -> {
            long[] before = Neighbours.before(text, matcher.start(), 1);
            long[] after = Neighbours.after(text, matcher.end(), 1);
            boolean article = before[0] == THE;
            boolean cued = article || before[0] != 0 && cues.dateCues.contains(before[0]);
            if (cued && (after[0] == 0 || !cues.ordinalNouns.contains(after[0]))) {
                int start = article ? wordBefore(text, matcher.start()) : matcher.start();
                into.add(new Finding(start, matcher.end(), PhiType.DATE));
            }
        });
    }
}
