package health.pipeline.deidentification.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What free-text cleaning does with a date it found, as the policy says ({@code freeTextDates}):
 * <ul>
 * <li>{@code replace}: every date becomes {@code [DATE]};</li>
 * <li>{@code shift}: a date that names a day (or a month and year) is moved by the patient's own offset and written
 * the way it was written ("7/23" to "3/22", "Nov. 3rd" to "Jul. 6th", "2019-07-23" to "2019-03-22"), so intervals
 * between dates in notes and in structured data survive; a date it cannot move exactly ("the 11th", "christmas", a
 * month alone) is replaced. A shifted date that reads the same as the original (a whole-year shift of a date written
 * without its year) is replaced too.</li>
 * </ul>
 */
public final class TextDates {
    private static final TextDates REPLACE = new TextDates(0, false);
    /** A leap year, so that "2/29" written without a year can be read. */
    private static final int YEARLESS = 2000;
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};

    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(.*)", Pattern.DOTALL);
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})(?:\\2(\\d{4}|\\d{2}))?");
    private static final Pattern MONTH_YEAR = Pattern.compile("(\\d{1,2})([/-])(\\d{4}|\\d{2})");
    private static final Pattern NAMED_FIRST = Pattern.compile("(?i)([a-z]+)(\\.?\\s{0,2})(?:the\\s)?(\\d{1,2})(st|nd|rd|th)?"
            + "(?:(,?\\s{0,2})(\\d{4}|'\\d{2}))?");
    private static final Pattern DAY_FIRST = Pattern.compile("(?i)(\\d{1,2})(st|nd|rd|th)?(\\s{0,2}(?:of\\s)?)([a-z]+)(\\.?)"
            + "(?:(,?\\s{0,2})(\\d{4}))?");

    private final int days;
    private final boolean shift;

    private TextDates(int days, boolean shift) {
        this.days = days;
        this.shift = shift;
    }

    public static TextDates replace() {
        return REPLACE;
    }

    public static TextDates shiftBy(int days) {
        return new TextDates(days, true);
    }

    /** The date written {@code original}, moved; or null when it must be replaced. */
    String render(String original) {
        if (!shift || days == 0) {
            return null;
        }
        try {
            String moved = move(original.strip());
            return moved == null || moved.equalsIgnoreCase(original.strip()) || revealsAgeOver89(moved) ? null : moved;
        } catch (DateTimeException | NumberFormatException e) {
            return null; // "2/30": not a day, nothing to move exactly
        }
    }

    private String move(String text) {
        Matcher m = ISO.matcher(text);
        if (m.matches()) {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))).plusDays(days);
            return String.format(Locale.ROOT, "%04d-%s-%s%s", date.getYear(), pad(date.getMonthValue(), m.group(2)),
                    pad(date.getDayOfMonth(), m.group(3)), m.group(4));
        }
        m = MONTH_YEAR.matcher(text);
        if (m.matches() && (m.group(3).length() == 4 || Integer.parseInt(m.group(3)) > 31)) {
            int year = fullYear(m.group(3));
            LocalDate date = LocalDate.of(year, Integer.parseInt(m.group(1)), 15).plusDays(days);
            return pad(date.getMonthValue(), m.group(1)) + m.group(2) + year(date.getYear(), m.group(3));
        }
        m = NUMERIC.matcher(text);
        if (m.matches()) {
            boolean hasYear = m.group(4) != null;
            LocalDate date = LocalDate.of(hasYear ? fullYear(m.group(4)) : YEARLESS, Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(3))).plusDays(days);
            String out = pad(date.getMonthValue(), m.group(1)) + m.group(2) + pad(date.getDayOfMonth(), m.group(3));
            return hasYear ? out + m.group(2) + year(date.getYear(), m.group(4)) : out;
        }
        m = NAMED_FIRST.matcher(text);
        if (m.matches() && month(m.group(1)) > 0) {
            boolean hasYear = m.group(6) != null;
            LocalDate date = LocalDate.of(hasYear ? fullYear(m.group(6).replace("'", "")) : YEARLESS, month(m.group(1)),
                    Integer.parseInt(m.group(3))).plusDays(days);
            String out = monthName(date.getMonthValue(), m.group(1)) + m.group(2) + date.getDayOfMonth()
                    + (m.group(4) == null ? "" : ordinal(date.getDayOfMonth(), m.group(4)));
            return hasYear ? out + m.group(5) + yearWritten(date.getYear(), m.group(6)) : out;
        }
        m = DAY_FIRST.matcher(text);
        if (m.matches() && month(m.group(4)) > 0) {
            boolean hasYear = m.group(7) != null;
            LocalDate date = LocalDate.of(hasYear ? Integer.parseInt(m.group(7)) : YEARLESS, month(m.group(4)),
                    Integer.parseInt(m.group(1))).plusDays(days);
            String out = date.getDayOfMonth() + (m.group(2) == null ? "" : ordinal(date.getDayOfMonth(), m.group(2)))
                    + m.group(3) + monthName(date.getMonthValue(), m.group(4)) + m.group(5);
            return hasYear ? out + m.group(6) + date.getYear() : out;
        }
        return null;
    }

    private static final Pattern YEAR = Pattern.compile("(?<!\\d)(1[89]\\d{2}|20\\d{2})(?!\\d)");

    /** A date 90 or more years ago could be a birth date showing an age over 89 (Safe Harbor): replaced, not moved. */
    private static boolean revealsAgeOver89(String date) {
        Matcher year = YEAR.matcher(date);
        return year.find() && Integer.parseInt(year.group(1)) <= LocalDate.now().getYear() - 90;
    }

    /** 1-12 for a month name or its abbreviation ("sept" too), else 0. */
    private static int month(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.length() < 3) {
            return 0;
        }
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].startsWith(lower) || lower.equals("sept") && i == 8) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The month written as the original was: full or abbreviated, lower, capitalised or upper case. */
    private static String monthName(int month, String like) {
        String full = MONTHS[month - 1];
        String name = like.length() > 3 && MONTHS[month(like) - 1].length() == like.length() ? full : full.substring(0, 3);
        if (like.equals(like.toUpperCase(Locale.ROOT))) {
            return name.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(like.charAt(0))) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
        return name;
    }

    private static String ordinal(int day, String like) {
        String suffix = day % 100 >= 11 && day % 100 <= 13 ? "th"
                : switch (day % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return Character.isUpperCase(like.charAt(0)) ? suffix.toUpperCase(Locale.ROOT) : suffix;
    }

    private static String pad(int value, String like) {
        return like.length() == 2 && like.charAt(0) == '0' && value < 10 ? "0" + value : Integer.toString(value);
    }

    private static int fullYear(String written) {
        int year = Integer.parseInt(written);
        if (written.length() == 4) {
            return year;
        }
        int thisCentury = LocalDate.now().getYear() / 100 * 100;
        return year + thisCentury > LocalDate.now().getYear() ? year + thisCentury - 100 : year + thisCentury;
    }

    private static String year(int year, String like) {
        return like.length() == 2 ? String.format(Locale.ROOT, "%02d", year % 100) : Integer.toString(year);
    }

    private static String yearWritten(int year, String like) {
        return like.startsWith("'") ? "'" + String.format(Locale.ROOT, "%02d", year % 100) : Integer.toString(year);
    }
}
