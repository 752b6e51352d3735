package health.pipeline.deidentification.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Identifiers with a recognisable shape: phone and fax numbers as nurses write them (with or without area code,
 * extensions, "x1234", "pager 1234", "cell# 555-1234"), SSNs, e-mail addresses, URLs, IP addresses, street addresses,
 * ZIP codes after a state or keyword, MRN-, account-, licence-, device- and plate-like numbers after their keyword,
 * VINs, long digit runs, and ages over 89 in digits or words.
 * <p>
 * Each pattern is tried only where it can start ({@link Anchor}: words holding a digit, or its keywords), its
 * quantifiers over open character classes are possessive or capped, and the e-mail finder is a linear scan around
 * each '@', so a hostile megabyte of text costs linear time.
 */
final class IdentifierPatterns {
    private static final String STREET = "(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way"
            + "|place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|pike|trail|trl|row|alley|aly)";
    private static final String STATE = "(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS"
            + "|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)";
    private static final String NUMBER_WORD_UNITS = "(?:one|two|three|four|five|six|seven|eight|nine)";

    /** A pattern, the group that is the identifier, and where it may start. */
    private record Rule(PhiType type, Pattern pattern, int group, Anchor anchor) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(PhiType.URL, Pattern.compile("(?i)\\b(?:https?://|ftp://|www\\.)[^\\s<>\"']{0,2000}[^\\s<>\"'.,;:)]"),
                    0, Anchor.keywords("http", "https", "ftp", "www")),
            new Rule(PhiType.IP, Pattern.compile("(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}"
                    + "(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![\\d.]*+\\d)"), 0, Anchor.digitsMarkedBy(".")),
            new Rule(PhiType.IP, Pattern.compile("\\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\\b"), 0, Anchor.digitsMarkedBy(":")),
            new Rule(PhiType.SSN, Pattern.compile("(?<![\\d-])\\d{3}-\\d{2}-\\d{4}(?![\\d-])"), 0, Anchor.digitWords(11)),
            new Rule(PhiType.SSN, Pattern.compile("(?i)\\b(?:SSN|social security(?: number| no\\.?)?)\\s{0,3}[:#]?\\s{0,3}"
                    + "(\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{4})\\b"), 1, Anchor.keywords("ssn", "social")),
            new Rule(PhiType.FAX, Pattern.compile("(?i)\\bfax(?:ed)?\\b[^\\d\\n]{0,24}?"
                    + "((?:\\+?1[\\s.-]?)?(?:\\(?\\d{3}\\)?[\\s.-]?)?\\d{3}[\\s.-]?\\d{4})\\b"), 1, Anchor.keywords("fax", "faxed")),
            // (410) 555-1234, 410-555-1234, 410.555.1234, (410)555 1234, +1 410 555 1234
            new Rule(PhiType.PHONE, Pattern.compile("(?<![\\w-])(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])"
                    + "\\d{3}[\\s.-]?\\d{4}(?![\\w-])"), 0, Anchor.digits()),
            // 555-1234, 555.1234 (exchange codes start at 2)
            new Rule(PhiType.PHONE, Pattern.compile("(?<![\\w.-])[2-9]\\d{2}[-.]\\d{4}(?![\\w-]|\\.\\d)"), 0, Anchor.digits()),
            // cell# 555 1234, call 555 1234
            new Rule(PhiType.PHONE, Pattern.compile("(?i)(?:\\b(?:cell|cel|mobile|mob|home|work|ph|phone|tel|telephone"
                    + "|number|contact|call|callback|call back|reached at|at)\\s{0,2}(?:#|no\\.?|number)?\\s{0,2}[:#]?\\s{0,2})"
                    + "([2-9]\\d{2}\\s\\d{4})(?!\\d)"), 1, Anchor.keywords("cell", "cel", "mobile", "mob", "home", "work", "ph",
                    "phone", "tel", "telephone", "number", "contact", "call", "callback", "reached", "at")),
            // x1234, ext. 22, extension 4411, pager 1234, beeper #5512
            new Rule(PhiType.PHONE, Pattern.compile("(?i)(?<![a-z])(?:x(?=\\d{3})|x\\s(?=\\d{4})|ext\\.?|extn|extension|pager|pgr"
                    + "|beeper|bpr|pg)\\s{0,2}[:#]?\\s{0,2}(\\d{2,6})(?![\\d/:]|\\.\\d|\\s?(?:mg|ml|cc|kg|mcg|units?|hrs?|h|min"
                    + "|days?|l|sec|secs|seconds|beats|times|doses)\\b)"),
                    1, Anchor.keywords("x", "ext", "extn", "extension", "pager", "pgr", "beeper", "bpr", "pg")),
            new Rule(PhiType.MRN, Pattern.compile("(?i)\\b(?:MRN|MR#|MR ?no|MR number|medical record(?: number| no\\.?| #)?"
                    + "|chart(?: number| no\\.?| #)|unit (?:number|no\\.?)|hosp(?:ital)? ?(?:#|no\\.?|number)|pt id|patient id"
                    + "|id ?#|id:)\\s{0,3}[:#]?\\s{0,3}((?=[A-Z0-9-]{0,30}\\d)[A-Z0-9][A-Z0-9-]{2,30}+)"), 1,
                    Anchor.keywords("mrn", "mr", "medical", "chart", "unit", "hosp", "hospital", "pt", "patient", "id")),
            new Rule(PhiType.ID, Pattern.compile("(?i)\\b(?:acct|account|member|beneficiary|policy|plan|subscriber|insurance|"
                    + "licen[cs]e|certificate|DL|NPI|DEA|passport|health plan|medicaid|medicare)(?:\\s+(?:number|no\\.?|id|#))?"
                    + "\\s{0,3}[:#]?\\s{0,3}((?=[A-Z0-9-]{0,30}\\d)[A-Z0-9][A-Z0-9-]{4,30}+)"), 1, Anchor.keywords("acct",
                    "account", "member", "beneficiary", "policy", "plan", "subscriber", "insurance", "license", "licence",
                    "certificate", "dl", "npi", "dea", "passport", "health", "medicaid", "medicare")),
            new Rule(PhiType.SERIAL, Pattern.compile("(?i)\\b(?:serial(?: number| no\\.?| #)?|s/n|SN|device id|UDI|IMEI|lot)"
                    + "\\s{0,3}[:#]?\\s{0,3}((?=[A-Z0-9-]{0,30}\\d)[A-Z0-9][A-Z0-9()-]{3,40}+)"), 1, Anchor.keywords("serial",
                    "s", "sn", "device", "udi", "imei", "lot")),
            new Rule(PhiType.VIN, Pattern.compile("\\b(?=[A-HJ-NPR-Z0-9]{17}\\b)(?=[A-HJ-NPR-Z0-9]{0,16}[A-HJ-NPR-Z])"
                    + "(?=[A-HJ-NPR-Z0-9]{0,16}\\d)[A-HJ-NPR-Z0-9]{17}"), 0, Anchor.digitWords(17)),
            new Rule(PhiType.VIN, Pattern.compile("(?i)\\b(?:licen[cs]e plate|plate(?: number| no\\.?)?|tag)\\s{0,3}[:#]?\\s{0,3}"
                    + "(?:[A-Z]{2}\\s+)?((?=[A-Z0-9-]{0,8}\\d)[A-Z0-9][A-Z0-9-]{2,8})\\b"), 1, Anchor.keywords("license",
                    "licence", "plate", "tag")),
            new Rule(PhiType.ID, Pattern.compile("(?<![\\w.-])[A-Z]{1,3}\\d?-?\\d{5,}+(?![\\w-])"), 0, Anchor.digitWords(6)),
            new Rule(PhiType.ID, Pattern.compile("(?<![\\w.,-])\\d{8,}+(?![\\w.,-]\\d)"), 0, Anchor.digitWords(8)),
            new Rule(PhiType.AGE, Pattern.compile("(?i)(?<![\\d.])(?:(?:9\\d|1[0-4]\\d)\\s{0,2}(?:-\\s?)?(?:years?|yrs?|y/?o|yo|"
                    + "y\\.o\\.?|yr-old|year-old)(?:[- ]old)?(?![a-z])|(?:9\\d|1[0-4]\\d)(?:\\s?(?:yo|y/o|y\\.o\\.)\\s?)?[mf]"
                    + "(?![a-z\\d]))"), 0, Anchor.digits()),
            new Rule(PhiType.AGE, Pattern.compile("(?i)\\baged?\\s{0,2}:?\\s{0,2}(?:9\\d|1[0-4]\\d)(?![\\d.])"), 0,
                    Anchor.keywords("age", "aged")),
            new Rule(PhiType.AGE, Pattern.compile("(?i)\\b(?:ninety|one hundred(?: and)?)(?:[- ]" + NUMBER_WORD_UNITS + ")?"
                    + "(?:[- ](?:years?|yrs?|y/?o|year-old)(?:[- ]old)?)"), 0, Anchor.keywords("ninety", "one")),
            new Rule(PhiType.AGE, Pattern.compile("(?i)\\b(?:in|into)\\s(?:his|her|their)\\s(?:early\\s|mid[\\s-]|late\\s)?"
                    + "(?:90s|90's|nineties|100s|hundreds)"), 0, Anchor.keywords("in", "into")),
            new Rule(PhiType.ADDRESS, Pattern.compile("(?i)\\b\\d{1,6}\\s(?:[NSEW]\\.?\\s)?(?:[a-z][a-z'-]{0,30}\\s){1,3}"
                    + STREET + "\\b\\.?(?:,?\\s(?:apt|apartment|unit|suite|ste|#)\\.?\\s?[a-z0-9-]{1,8})?"), 0, Anchor.digits()),
            new Rule(PhiType.ADDRESS, Pattern.compile("(?i)\\b(?:p\\.?\\s?o\\.?\\s?box|apt|apartment|suite|ste)\\.?\\s?#?\\s?"
                    + "\\d{1,6}[a-z]?\\b"), 0, Anchor.keywords("p", "po", "apt", "apartment", "suite", "ste")),
            new Rule(PhiType.ZIP, Pattern.compile("(?<=\\b" + STATE + ",?\\s{1,2})\\d{5}(?:-\\d{4})?\\b"), 0, Anchor.digits()),
            new Rule(PhiType.ZIP, Pattern.compile("(?i)\\b(?:zip(?:\\s?code)?|postal code)\\s{0,3}[:#]?\\s{0,3}"
                    + "(\\d{5}(?:-\\d{4})?)\\b"), 1, Anchor.keywords("zip", "postal")));

    void find(Words words, List<Finding> into) {
        String text = words.text().toString();
        emails(text, into);
        List<int[]> spans = new ArrayList<>();
        for (Rule rule : RULES) {
            spans.clear();
            rule.anchor().matches(rule.pattern(), rule.group(), words, spans);
            for (int[] span : spans) {
                into.add(new Finding(span[0], span[1], rule.type()));
            }
        }
    }

    /** Linear: from each '@', the local part to the left and a dotted domain to the right, each scanned once. */
    static void emails(String text, List<Finding> into) {
        int at = text.indexOf('@');
        int scannedTo = 0;
        while (at >= 0) {
            int start = at;
            while (start > scannedTo && isLocal(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && isDomain(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && text.charAt(end - 1) == '.') {
                end--; // a sentence's full stop is not the domain's
            }
            int lastDot = end - 1;
            while (lastDot > at && text.charAt(lastDot) != '.') {
                lastDot--; // within the domain only: a search through the whole text would be quadratic
            }
            if (start < at && lastDot > at + 1 && lastDot < end - 2) {
                into.add(new Finding(start, end, PhiType.EMAIL));
            }
            scannedTo = Math.max(at + 1, end);
            at = text.indexOf('@', at + 1);
        }
    }

    private static boolean isLocal(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
    }

    private static boolean isDomain(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

}
