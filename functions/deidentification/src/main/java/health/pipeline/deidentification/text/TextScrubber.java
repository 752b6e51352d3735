package health.pipeline.deidentification.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one entry point for free text. Recall first: a word is kept only when something says it is safe. Detectors each
 * return spans and never edit the text; one writer replaces the spans:
 * <ol>
 * <li>{@link IdentifierPatterns}: shaped identifiers (phones, e-mails, SSNs, MRNs, addresses, ages over 89...);</li>
 * <li>{@link DatePatterns}: dates as clinicians write them, told apart from scores and fractions by context;</li>
 * <li>{@link PatientVocabulary}: the record's own names, identifiers, phone numbers and addresses;</li>
 * <li>{@link WordFindings}: the words themselves, against the {@link Lexicon} (clinical, common English, person names,
 * places) and the cues around them (titles, relatives, "lives in", facility words); a word no list knows is suspect.</li>
 * </ol>
 * Overlapping spans merge. Dates are shifted or replaced as {@link TextDates} says; everything else becomes a typed
 * placeholder such as {@code [NAME]}. Thread-safe and stateless once built; the lexicon is shared.
 */
public final class TextScrubber {
    private static final Pattern HREF = Pattern.compile("\\b(href|src)=\"(?!#)[^\"]*+\"");

    private final IdentifierPatterns patterns = new IdentifierPatterns();
    private final DatePatterns dates;
    private final WordFindings wordFindings;

    public TextScrubber() {
        this(Lexicon.standard());
    }

    public TextScrubber(Lexicon lexicon) {
        this.dates = new DatePatterns(lexicon.cues);
        this.wordFindings = new WordFindings(lexicon);
    }

    /** Every identifier found in {@code text}, non-overlapping, in order. */
    public List<Finding> find(String text, PatientVocabulary vocabulary) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<Finding> all = new ArrayList<>();
        Words words = Words.of(text);
        patterns.find(words, all);
        dates.find(words, Tokens.hasDigit(text), all);
        vocabulary.find(text, all);
        dates.holidays(words, all);
        wordFindings.find(words, all);
        return joinNeighbours(text, merge(all));
    }

    private static List<Finding> merge(List<Finding> all) {
        if (all.size() < 2) {
            return all;
        }
        // Longest span first at equal starts; a span inside one already taken is dropped, a partial overlap joins.
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

    /** "[LOCATION] [LOCATION] [LOCATION]" reads as one place: same-type spans with only spaces between become one. */
    private static List<Finding> joinNeighbours(String text, List<Finding> findings) {
        if (findings.size() < 2) {
            return findings;
        }
        List<Finding> joined = new ArrayList<>(findings.size());
        Finding last = findings.get(0);
        for (int k = 1; k < findings.size(); k++) {
            Finding next = findings.get(k);
            boolean abbreviation = last.end() - last.start() <= 3; // "J. Okafor", "St. Agnes"
            if (next.type() == last.type() && next.type() != PhiType.DATE
                    && onlySpaces(text, last.end(), next.start(), abbreviation)) {
                last = new Finding(last.start(), next.end(), last.type());
            } else {
                joined.add(last);
                last = next;
            }
        }
        joined.add(last);
        return joined;
    }

    private static boolean onlySpaces(String text, int from, int to, boolean oneDotAllowed) {
        boolean dot = !oneDotAllowed;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (c != ' ') {
                return false;
            }
        }
        return true;
    }

    /** The text with every finding replaced by its placeholder (dates too); the same instance when nothing was found. */
    public String scrub(String text, PatientVocabulary vocabulary) {
        return clean(text, vocabulary, TextDates.replace()).text();
    }

    /** The text cleaned, dates handled as {@code dates} says, with the counts of what was replaced. */
    public Scrubbed clean(String text, PatientVocabulary vocabulary, TextDates dates) {
        List<Finding> findings = find(text, vocabulary);
        if (findings.isEmpty()) {
            return Scrubbed.unchanged(text);
        }
        Map<PhiType, Integer> replaced = new EnumMap<>(PhiType.class);
        int shifted = 0;
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding finding : findings) {
            out.append(text, at, finding.start());
            String moved = finding.type() == PhiType.DATE ? dates.render(text.substring(finding.start(), finding.end())) : null;
            if (moved != null) {
                out.append(moved);
                shifted++;
            } else {
                out.append(finding.type().placeholder());
                replaced.merge(finding.type(), 1, Integer::sum);
            }
            at = finding.end();
        }
        return new Scrubbed(out.append(text, at, text.length()).toString(), Collections.unmodifiableMap(replaced), shifted);
    }

    /**
     * Cleans the text nodes of an XHTML fragment (a Narrative's div) and leaves tags and attributes alone, except
     * attribute values that hold a URL or e-mail (href, src), which are replaced by {@code #}.
     */
    public String scrubXhtml(String xhtml, PatientVocabulary vocabulary) {
        return cleanXhtml(xhtml, vocabulary, TextDates.replace()).text();
    }

    public Scrubbed cleanXhtml(String xhtml, PatientVocabulary vocabulary, TextDates dates) {
        StringBuilder out = new StringBuilder(xhtml.length());
        Map<PhiType, Integer> replaced = new EnumMap<>(PhiType.class);
        int shifted = 0;
        int at = 0;
        boolean changed = false;
        while (at < xhtml.length()) {
            int tag = xhtml.indexOf('<', at);
            int textEnd = tag < 0 ? xhtml.length() : tag;
            if (textEnd > at) {
                Scrubbed clean = clean(xhtml.substring(at, textEnd), vocabulary, dates);
                changed |= clean.changed();
                clean.replaced().forEach((type, count) -> replaced.merge(type, count, Integer::sum));
                shifted += clean.datesShifted();
                out.append(clean.text());
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
        return new Scrubbed(changed ? out.toString() : xhtml, Collections.unmodifiableMap(replaced), shifted);
    }
}
