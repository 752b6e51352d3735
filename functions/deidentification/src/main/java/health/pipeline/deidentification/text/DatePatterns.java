package health.pipeline.deidentification.text;

import java.time.Year;
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
    private static final Pattern ORDINAL_DAY = Pattern.compile("(?i)(?<![\\w/])(?:the\\s)?([1-9]|[12]\\d|3[01])" + ORDINAL
            + "(?![a-z\\d])");
    private static final Pattern BIRTH_YEAR = Pattern.compile("(?i)\\b(?:born|b\\.|dob|birth|birthdate|d\\.o\\.b\\.?)"
            + "[^\\d\\n]{0,12}((?:18|19|20)\\d{2})(?!\\d)");

    private final Cues cues;
    private final int oldestKeptBirthYear = Year.now().getValue() - 89;

    DatePatterns(Cues cues) {
        this.cues = cues;
    }

    void find(String text, boolean hasDigit, List<Finding> into) {
        if (hasDigit) {
            all(ISO, text, into);
            all(NUMERIC_WITH_YEAR, text, into);
            all(MONTH_YEAR, text, into);
            pairs(text, into);
            ordinals(text, into);
            Matcher birth = BIRTH_YEAR.matcher(text);
            while (birth.find()) {
                if (Integer.parseInt(birth.group(1)) < oldestKeptBirthYear) {
                    into.add(new Finding(birth.start(1), birth.end(1), PhiType.DATE));
                }
            }
        }
        all(NAMED, text, into);
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

    private static void all(Pattern pattern, String text, List<Finding> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(new Finding(matcher.start(), matcher.end(), PhiType.DATE));
        }
    }

    private void pairs(String text, List<Finding> into) {
        Matcher matcher = PAIR.matcher(text);
        while (matcher.find()) {
            int first = Integer.parseInt(matcher.group(1));
            int second = Integer.parseInt(matcher.group(3));
            boolean slash = matcher.group(2).equals("/");
            if (first < 1 || first > 12 || second < 1) {
                continue;
            }
            long[] before = Neighbours.before(text, matcher.start(), 2);
            long[] after = Neighbours.after(text, matcher.end(), 2);
            if (Neighbours.any(before, cues.fractionContexts) || Neighbours.any(after, cues.fractionContexts)) {
                continue;
            }
            boolean dateCue = before[0] != 0 && cues.dateCues.contains(before[0]);
            if (second > 31) {
                // month and two-digit year ("8/87"); a dash here is a range ("5-40")
                if (slash) {
                    into.add(new Finding(matcher.start(), matcher.end(), PhiType.DATE));
                }
                continue;
            }
            if (!slash && !dateCue && !(matcher.group(1).length() == 2 && matcher.group(3).length() == 2
                    && matcher.group(1).charAt(0) == '0')) {
                continue; // "2-3 L", "10-15 min": ranges, unless written 07-23 or after "on"
            }
            if (slash && !dateCue && isShorthand(first, second, before, after)) {
                continue;
            }
            into.add(new Finding(matcher.start(), matcher.end(), PhiType.DATE));
        }
    }

    /** "1/2", "3/4", "2/2 chf" (secondary to) between words, where no date word says otherwise. */
    private static boolean isShorthand(int first, int second, long[] before, long[] after) {
        boolean fraction = second <= 4 && first < second;
        boolean secondaryTo = first == 2 && second == 2 && before[0] != 0 && after[0] != 0;
        return fraction || secondaryTo;
    }

    private void ordinals(String text, List<Finding> into) {
        Matcher matcher = ORDINAL_DAY.matcher(text);
        while (matcher.find()) {
            long[] before = Neighbours.before(text, matcher.start(), 1);
            long[] after = Neighbours.after(text, matcher.end(), 1);
            boolean article = matcher.start(1) > matcher.start();
            boolean cued = article || before[0] != 0 && cues.dateCues.contains(before[0]);
            if (cued && (after[0] == 0 || !cues.ordinalNouns.contains(after[0]))) {
                into.add(new Finding(matcher.start(), matcher.end(), PhiType.DATE));
            }
        }
    }
}
