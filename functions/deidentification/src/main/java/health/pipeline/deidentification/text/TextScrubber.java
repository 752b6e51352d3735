package health.pipeline.deidentification.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans free text where it sits: identifiers are replaced by typed placeholders ({@code [NAME]}, {@code [PHONE]}...)
 * and everything else stays, so that a note keeps its clinical meaning. Two sources of findings:
 * <ul>
 * <li>patterns for identifiers with a recognisable shape (phone, fax, SSN, e-mail, URL, IP address, dates, ZIP codes
 * after a state, street addresses, MRN-, account-, licence- and serial-like numbers after their keyword, VINs, ages
 * over 89, titled names such as "Dr. Hale");</li>
 * <li>the record's own structured identifiers ({@link PatientVocabulary}), matched as whole words.</li>
 * </ul>
 * Thread-safe and stateless: patterns are compiled once.
 */
public final class TextScrubber {
    private static final String MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
            + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
    private static final String STREET = "(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way"
            + "|Place|Pl|Terrace|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq)";
    private static final String STATE = "(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS"
            + "|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)";

    /**
     * @param minDigits  skip the rule when the text has fewer digits than any match of it needs
     * @param trigger    when not null, skip the rule unless the lower-cased text contains one of these (a cheap test
     *                   that spares most texts the regex)
     */
    private record Rule(PhiType type, Pattern pattern, int group, int minDigits, String... trigger) {
        boolean applies(int digits, String lower) {
            if (digits < minDigits) {
                return false;
            }
            if (trigger.length == 0) {
                return true;
            }
            for (String word : trigger) {
                if (lower.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule(PhiType.EMAIL, Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"), 0, 0, "@"),
            new Rule(PhiType.URL, Pattern.compile("\\b(?:https?://|ftp://|www\\.)[^\\s<>\"']+[^\\s<>\"'.,;:)]"), 0, 0, "://", "www."),
            new Rule(PhiType.IP, Pattern.compile("(?=\\d{1,3}\\.\\d)(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}"
                    + "(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![\\d.]*\\d)"), 0, 4, "."),
            new Rule(PhiType.IP, Pattern.compile("\\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\\b"), 0, 1, ":"),
            new Rule(PhiType.SSN, Pattern.compile("(?=\\d{3}-)(?<![\\d-])\\d{3}-\\d{2}-\\d{4}(?![\\d-])"), 0, 9, "-"),
            new Rule(PhiType.SSN, Pattern.compile("(?i)\\b(?:SSN|social security(?: number| no\\.?)?)\\s*[:#]?\\s*(\\d{9})\\b"),
                    1, 9, "ssn", "social security"),
            new Rule(PhiType.FAX, Pattern.compile("(?i)\\bfax(?:ed)?\\b[^\\d\\n]{0,24}?"
                    + "((?:\\+?1[\\s.-]?)?(?:\\(?\\d{3}\\)?[\\s.-]?)?\\d{3}[\\s.-]?\\d{4})\\b"), 1, 7, "fax"),
            new Rule(PhiType.PHONE, Pattern.compile("(?=[+(\\d])(?<![\\w-])(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])"
                    + "\\d{3}[\\s.-]\\d{4}(?![\\w-])"), 0, 7, "-", ".", " ", "("),
            new Rule(PhiType.PHONE, Pattern.compile("(?=\\d{3}-)(?<![\\w-])\\d{3}-\\d{4}(?![\\w-])"), 0, 7, "-"),
            new Rule(PhiType.MRN, Pattern.compile("(?i)\\b(?:MRN|medical record(?: number| no\\.?| #)?|chart(?: number| no\\.?| #))"
                    + "\\s*[:#]?\\s*([A-Z0-9][A-Z0-9-]{3,}\\d)"), 1, 1, "mrn", "record", "chart"),
            new Rule(PhiType.ID, Pattern.compile("(?i)\\b(?:acct|account|member|beneficiary|policy|plan|subscriber|insurance|"
                    + "licen[cs]e|certificate|DL|NPI|DEA|passport|health plan)(?:\\s+(?:number|no\\.?|id|#))?\\s*[:#]?\\s*"
                    + "((?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{4,})"), 1, 1, "acct", "account", "member", "beneficiary", "policy", "plan", "subscriber", "insurance", "licen", "certificate", "dl", "npi", "dea", "passport"),
            new Rule(PhiType.SERIAL, Pattern.compile("(?i)\\b(?:serial(?: number| no\\.?| #)?|s/n|SN|device id|UDI|IMEI|lot)"
                    + "\\s*[:#]?\\s*((?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9()-]{3,})"), 1, 1, "serial", "s/n", "sn", "device id", "udi", "imei", "lot"),
            new Rule(PhiType.VIN, Pattern.compile("\\b(?=[A-HJ-NPR-Z0-9]{17}\\b)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])(?=[A-HJ-NPR-Z0-9]*\\d)[A-HJ-NPR-Z0-9]{17}"),
                    0, 1),
            new Rule(PhiType.VIN, Pattern.compile("(?i)\\b(?:licen[cs]e plate|plate(?: number| no\\.?)?|tag)\\s*[:#]?\\s*(?:[A-Z]{2}\\s+)?"
                    + "((?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{2,8})\\b"), 1, 1, "plate", "tag"),
            new Rule(PhiType.ID, Pattern.compile("\\b(?<![.-])[A-Z]{1,3}\\d?-?\\d{5,}(?![\\w-])"), 0, 5),
            new Rule(PhiType.ID, Pattern.compile("(?=\\d{8})(?<![\\w.,-])\\d{8,}(?![\\w.,-]\\d)"), 0, 8),
            new Rule(PhiType.DATE, Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?"
                    + "(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b"), 0, 8, "-"),
            new Rule(PhiType.DATE, Pattern.compile("\\b\\d{1,2}[/.]\\d{1,2}[/.](?:\\d{4}|\\d{2})\\b"), 0, 3, "/", "."),
            new Rule(PhiType.DATE, Pattern.compile("(?i)\\b(?=[jfmasond])" + MONTH + "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b"), 0, 5, "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
            new Rule(PhiType.DATE, Pattern.compile("(?i)\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\.?,?\\s+\\d{4}\\b"),
                    0, 5, "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
            new Rule(PhiType.AGE, Pattern.compile("(?i)\\b(?:(?:9\\d|1[0-4]\\d)[- ](?:years?|yrs?|y/?o)(?:[- ]old)?"
                    + "|aged?\\s+(?:9\\d|1[0-4]\\d))\\b"), 0, 2, "year", "yr", "y/o", "age"),
            new Rule(PhiType.ADDRESS, Pattern.compile("\\b\\d{1,6}\\s+(?:[NSEW]\\.?\\s+)?(?:[A-Z][a-z]+\\s+){1,3}" + STREET
                    + "\\b\\.?(?:,?\\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\\.?\\s*[A-Za-z0-9-]+)?"), 0, 1),
            new Rule(PhiType.ZIP, Pattern.compile("\\b(?=[A-Z]{2}\\s)" + STATE + "\\s+(\\d{5}(?:-\\d{4})?)\\b"), 1, 5),
            new Rule(PhiType.ZIP, Pattern.compile("(?i)\\b(?:zip(?:\\s*code)?|postal code)\\s*[:#]?\\s*(\\d{5}(?:-\\d{4})?)\\b"),
                    1, 5, "zip", "postal"),
            // A capitalised word after a kinship or naming word is a name the record may not hold in structured form
            // ("daughter Ingrid", "prefers to be called Maggie"): HL7 v2 next-of-kin are not mapped to resources.
            new Rule(PhiType.NAME, Pattern.compile("\\b(?i:son|daughter|mother|father|wife|husband|sister|brother|spouse"
                    + "|partner|grandson|granddaughter|grandmother|grandfather|niece|nephew|aunt|uncle|fianc[ée]e?|friend"
                    + "|neighbou?r|caregiver|guardian|called|named|goes by|known as)\\s+([A-Z][a-z'’-]+"
                    + "(?:\\s+[A-Z][a-z'’-]+)?)"), 1, 0, "son", "daughter", "mother", "father", "wife", "husband", "sister",
                    "brother", "spouse", "partner", "niece", "nephew", "aunt", "uncle", "fianc", "friend", "neighbo",
                    "caregiver", "guardian", "called", "named", "goes by", "known as"),
            new Rule(PhiType.NAME, Pattern.compile("\\b(?=[DMNPR])(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Nurse|Rev)\\.?\\s+"
                    + "([A-Z][a-z'’-]+(?:\\s+[A-Z][a-z'’-]+)?)"), 1, 0, "dr", "mr", "ms", "miss", "mx", "prof", "nurse", "rev"));

    /** Every identifier found in {@code text}, non-overlapping, in order. */
    public List<Finding> find(String text, PatientVocabulary vocabulary) {
        List<Finding> all = new ArrayList<>();
        int digits = Tokens.digits(text);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (Rule rule : RULES) {
            if (!rule.applies(digits, lower)) {
                continue;
            }
            Matcher matcher = rule.pattern().matcher(text);
            while (matcher.find()) {
                if (matcher.start(rule.group()) >= 0 && matcher.end(rule.group()) > matcher.start(rule.group())) {
                    all.add(new Finding(matcher.start(rule.group()), matcher.end(rule.group()), rule.type()));
                }
            }
        }
        vocabulary.find(text, all);
        extendNames(text, all);
        if (all.size() < 2) {
            return all;
        }
        // Longest span first at equal starts; a span inside one already taken is dropped.
        all.sort(Comparator.comparingInt(Finding::start).thenComparing(f -> -(f.end() - f.start())));
        List<Finding> kept = new ArrayList<>();
        for (Finding finding : all) {
            if (kept.isEmpty() || !kept.get(kept.size() - 1).overlaps(finding)) {
                kept.add(finding);
            } else {
                Finding last = kept.get(kept.size() - 1);
                if (finding.end() > last.end()) {
                    kept.set(kept.size() - 1, new Finding(last.start(), finding.end(), last.type()));
                }
            }
        }
        return kept;
    }

    /**
     * A capitalised word just before a name the record knows is most likely a name too ("son Lucius Quennell-Whitby"
     * where only the surname is structured): the finding grows to take it, unless it is a title or a common word.
     */
    private static void extendNames(String text, List<Finding> findings) {
        for (int i = 0; i < findings.size(); i++) {
            Finding finding = findings.get(i);
            if (finding.type() != PhiType.NAME) {
                continue;
            }
            int end = finding.start();
            while (end > 0 && text.charAt(end - 1) == ' ') {
                end--;
            }
            int start = end;
            while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
                start--;
            }
            if (end - start >= 3 && end < finding.start() && Character.isUpperCase(text.charAt(start))
                    && Character.isLowerCase(text.charAt(end - 1))
                    && !NOT_NAMES.contains(text.substring(start, end).toLowerCase(java.util.Locale.ROOT))) {
                findings.set(i, new Finding(start, finding.end(), PhiType.NAME));
            }
        }
    }

    private static final java.util.Set<String> NOT_NAMES = java.util.Set.of("the", "and", "patient", "pt", "son",
            "daughter", "mother", "father", "wife", "husband", "sister", "brother", "nurse", "doctor", "seen", "called",
            "call", "with", "for", "from", "told", "per", "by", "mrs", "miss", "prof", "dear", "name", "named", "spouse",
            "partner", "admission", "discharge", "summary", "attending", "mrn", "said", "asked", "visited", "informed");

    /** The text with every finding replaced by its placeholder; the same instance when nothing was found. */
    public String scrub(String text, PatientVocabulary vocabulary) {
        List<Finding> findings = find(text, vocabulary);
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding finding : findings) {
            out.append(text, at, finding.start()).append(finding.type().placeholder());
            at = finding.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * Cleans the text nodes of an XHTML fragment (a Narrative's div) and leaves tags and attributes alone, except
     * attribute values that hold a URL or e-mail (href, src), which are replaced by {@code #}.
     */
    public String scrubXhtml(String xhtml, PatientVocabulary vocabulary) {
        StringBuilder out = new StringBuilder(xhtml.length());
        int at = 0;
        boolean changed = false;
        while (at < xhtml.length()) {
            int tag = xhtml.indexOf('<', at);
            int textEnd = tag < 0 ? xhtml.length() : tag;
            if (textEnd > at) {
                String text = xhtml.substring(at, textEnd);
                String clean = scrub(text, vocabulary);
                changed |= clean != text;
                out.append(clean);
            }
            if (tag < 0) {
                break;
            }
            int close = xhtml.indexOf('>', tag);
            if (close < 0) {
                out.append(xhtml, tag, xhtml.length());
                break;
            }
            String element = xhtml.substring(tag, close + 1);
            String clean = HREF.matcher(element).replaceAll("$1=\"#\"");
            changed |= !clean.equals(element);
            out.append(clean);
            at = close + 1;
        }
        return changed ? out.toString() : xhtml;
    }

    private static final Pattern HREF = Pattern.compile("\\b(href|src)=\"(?!#)[^\"]*\"");
}
