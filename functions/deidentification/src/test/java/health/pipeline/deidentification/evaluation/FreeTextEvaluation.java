package health.pipeline.deidentification.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.pipeline.deidentification.text.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores a free-text detector against generated notes with gold spans.
 *
 * <ul>
 *   <li><b>Recall</b> per gold category: a gold span counts as found only when every letter and digit in it lies
 *       inside some finding; a partial cover leaks and counts as a miss.</li>
 *   <li><b>Safe Harbor recall</b>: pooled over every category except {@link GoldCategory#CLINICIAN_NAME}; and the
 *       same pooled over all categories.</li>
 *   <li><b>Precision</b>: findings that overlap some gold span / all findings, overall and per finding type.</li>
 *   <li><b>Keep-rate</b>: word tokens (runs of letters and digits) that overlap no gold span and that no finding
 *       touches / all word tokens that overlap no gold span.</li>
 * </ul>
 * Misses that some finding touched (a partial cover) are counted apart per category, to tell "not seen" from "seen
 * but cut short". A note whose detection throws counts as a note where nothing was found. The report never holds note text; its
 * list of misses gives only each missed span's category and shape ("DATE:d/dd").
 */
public final class FreeTextEvaluation {

    /** The detector under evaluation: the findings in {@code text}, given the patient's record (a FHIR Bundle). */
    @FunctionalInterface
    public interface Detector {
        List<Finding> find(String text, JsonNode patientRecord);
    }

    public static final double SAFE_HARBOR_FLOOR = 0.99;
    public static final double WITH_CLINICIANS_FLOOR = 0.98;
    public static final double KEEP_RATE_FLOOR = 0.95;
    static final int MISSED_EXAMPLES = 20;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FreeTextEvaluation() {
    }

    /** A count of hits over a total, e.g. found / gold. */
    public static final class Tally {
        long hits;
        long total;

        void add(boolean hit) {
            total++;
            if (hit) {
                hits++;
            }
        }

        public long hits() {
            return hits;
        }

        public long total() {
            return total;
        }

        /** hits / total, or NaN when there is nothing to count. */
        public double ratio() {
            return total == 0 ? Double.NaN : (double) hits / total;
        }
    }

    /** The scores of one run; {@link #toJson()} is what {@code target/free-text-metrics.json} holds. */
    public static final class Report {
        final Map<GoldCategory, Tally> recall = new EnumMap<>(GoldCategory.class);
        final Map<GoldCategory, Integer> partial = new EnumMap<>(GoldCategory.class);
        final Map<Origin, Tally> recallByOrigin = new EnumMap<>(Origin.class);
        final Map<NoteKind, Tally> recallByKind = new EnumMap<>(NoteKind.class);
        final Tally safeHarbor = new Tally();
        final Tally withClinicians = new Tally();
        final Tally precision = new Tally();
        final Map<String, Tally> precisionByType = new TreeMap<>();
        final Tally keep = new Tally();
        final Tally keepPhiFree = new Tally();
        final Map<NoteKind, Integer> notesByKind = new EnumMap<>(NoteKind.class);
        final List<String> missed = new ArrayList<>();
        final Map<String, String> about = new java.util.LinkedHashMap<>();
        int patients;
        int notes;
        int phiFreeNotes;
        int findingsInPhiFreeNotes;
        int notesFailed;
        int findingsOutOfRange;

        /** Adds a line describing the run (seed, split rule) to the corpus section of the JSON. */
        public Report describe(String key, String value) {
            about.put(key, value);
            return this;
        }

        public Tally recall(GoldCategory category) {
            return recall.computeIfAbsent(category, c -> new Tally());
        }

        public double safeHarborRecall() {
            return safeHarbor.ratio();
        }

        public double recallIncludingClinicians() {
            return withClinicians.ratio();
        }

        public double precision() {
            return precision.ratio();
        }

        public double keepRate() {
            return keep.ratio();
        }

        public Tally keepTally() {
            return keep;
        }

        public int notes() {
            return notes;
        }

        public int notesFailed() {
            return notesFailed;
        }

        public List<String> firstMissed() {
            return List.copyOf(missed);
        }

        public ObjectNode toJson() {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode corpus = root.putObject("corpus");
            about.forEach(corpus::put);
            corpus.put("patients", patients);
            corpus.put("notes", notes);
            ObjectNode kinds = corpus.putObject("notesByKind");
            notesByKind.forEach((kind, n) -> kinds.put(kind.name(), n));
            corpus.put("phiFreeNotes", phiFreeNotes);
            corpus.put("notesFailed", notesFailed);
            corpus.put("findingsOutOfRange", findingsOutOfRange);
            put(root.putObject("safeHarborRecall"), safeHarbor, "found", "gold", "recall");
            put(root.putObject("recallIncludingClinicians"), withClinicians, "found", "gold", "recall");
            ObjectNode perCategory = root.putObject("recallByCategory");
            for (GoldCategory category : GoldCategory.values()) {
                ObjectNode node = perCategory.putObject(category.name());
                put(node, recall(category), "found", "gold", "recall");
                node.put("missedButPartlyCovered", partial.getOrDefault(category, 0));
            }
            ObjectNode byOrigin = root.putObject("recallBySurrogateOrigin");
            recallByOrigin.forEach((origin, t) -> put(byOrigin.putObject(origin.name()), t, "found", "gold", "recall"));
            ObjectNode byKind = root.putObject("recallByNoteKind");
            recallByKind.forEach((kind, t) -> put(byKind.putObject(kind.name()), t, "found", "gold", "recall"));
            ObjectNode prec = root.putObject("precision");
            put(prec, precision, "overlappingGold", "findings", "precision");
            ObjectNode byType = prec.putObject("byFindingType");
            precisionByType.forEach((type, t) -> put(byType.putObject(type), t, "overlappingGold", "findings", "precision"));
            ObjectNode keeping = root.putObject("keepRate");
            put(keeping, keep, "kept", "nonPhiWords", "keepRate");
            ObjectNode phiFree = keeping.putObject("phiFreeNotes");
            put(phiFree, keepPhiFree, "kept", "nonPhiWords", "keepRate");
            phiFree.put("findings", findingsInPhiFreeNotes);
            ObjectNode floors = root.putObject("floors");
            floors.put("safeHarborRecall", SAFE_HARBOR_FLOOR);
            floors.put("recallIncludingClinicians", WITH_CLINICIANS_FLOOR);
            floors.put("keepRate", KEEP_RATE_FLOOR);
            root.putArray("firstMissed").addAll(missed.stream().map(JSON.getNodeFactory()::textNode).toList());
            return root;
        }

        private static void put(ObjectNode node, Tally tally, String hitsName, String totalName, String ratioName) {
            node.put(hitsName, tally.hits);
            node.put(totalName, tally.total);
            double ratio = tally.ratio();
            if (Double.isNaN(ratio)) {
                node.putNull(ratioName);
            } else {
                node.put(ratioName, Math.round(ratio * 10_000) / 10_000.0);
            }
        }

        public void write(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), toJson());
        }
    }

    /** The record a note belongs to, as the pipeline sees it: a collection Bundle holding the Patient. */
    public static ObjectNode recordOf(GeneratedCase c) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.putArray("entry").addObject().set("resource", c.patient().deepCopy());
        return bundle;
    }

    public static Report evaluate(List<GeneratedCase> cases, Detector detector) {
        Report report = new Report();
        report.patients = cases.size();
        for (GeneratedCase c : cases) {
            ObjectNode record = recordOf(c);
            for (GeneratedNote note : c.notes()) {
                List<Finding> findings;
                try {
                    findings = detector.find(note.text(), record);
                } catch (RuntimeException e) {
                    report.notesFailed++;
                    findings = List.of();
                }
                score(note, findings == null ? List.of() : findings, report);
            }
        }
        return report;
    }

    static void score(GeneratedNote note, List<Finding> findings, Report report) {
        String text = note.text();
        int length = text.length();
        report.notes++;
        report.notesByKind.merge(note.kind(), 1, Integer::sum);
        if (note.phiFree()) {
            report.phiFreeNotes++;
            report.findingsInPhiFreeNotes += findings.size();
        }
        boolean[] covered = new boolean[length];
        for (Finding f : findings) {
            int start = Math.max(0, f.start());
            int end = Math.min(length, f.end());
            if (start != f.start() || end != f.end() || end <= start) {
                report.findingsOutOfRange++;
            }
            for (int i = start; i < end; i++) {
                covered[i] = true;
            }
            boolean overlapsGold = false;
            for (GoldSpan g : note.gold()) {
                if (start < g.end() && g.start() < end) {
                    overlapsGold = true;
                    break;
                }
            }
            report.precision.add(overlapsGold);
            report.precisionByType.computeIfAbsent(String.valueOf(f.type()), t -> new Tally()).add(overlapsGold);
        }
        for (GoldSpan g : note.gold()) {
            boolean found = true;
            boolean touched = false;
            for (int i = g.start(); i < g.end(); i++) {
                touched |= covered[i];
                if (Character.isLetterOrDigit(text.charAt(i)) && !covered[i]) {
                    found = false;
                }
            }
            if (!found && touched) {
                report.partial.merge(g.category(), 1, Integer::sum);
            }
            report.recall(g.category()).add(found);
            report.recallByOrigin.computeIfAbsent(g.origin(), o -> new Tally()).add(found);
            report.recallByKind.computeIfAbsent(note.kind(), k -> new Tally()).add(found);
            report.withClinicians.add(found);
            if (g.category().safeHarbor()) {
                report.safeHarbor.add(found);
            }
            if (!found && report.missed.size() < MISSED_EXAMPLES) {
                report.missed.add(g.category() + ":" + shape(text.substring(g.start(), g.end())));
            }
        }
        boolean[] gold = new boolean[length];
        for (GoldSpan g : note.gold()) {
            for (int i = g.start(); i < g.end(); i++) {
                gold[i] = true;
            }
        }
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            boolean inGold = false;
            boolean touched = false;
            for (int i = word.start(); i < word.end(); i++) {
                inGold |= gold[i];
                touched |= covered[i];
            }
            if (!inGold) {
                report.keep.add(!touched);
                if (note.phiFree()) {
                    report.keepPhiFree.add(!touched);
                }
            }
        }
    }

    /** The shape of a span without its letters: lower case to "a", upper case to "A", digits to "d" ("Dr. X" → "Aa. A"). */
    static String shape(String span) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < span.length() && out.length() < 24; i++) {
            char c = span.charAt(i);
            char mapped = Character.isDigit(c) ? 'd' : Character.isUpperCase(c) ? 'A' : Character.isLetter(c) ? 'a' : c;
            int n = out.length();
            // collapse runs of letters so the shape does not spell out a name's length
            if (Character.isLetter(mapped) && n > 0 && out.charAt(n - 1) == mapped && mapped != 'd') {
                continue;
            }
            out.append(mapped);
        }
        return out.toString();
    }
}
