package health.pipeline.deidentification.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Writes the generated corpus the way an EHR export looks: one FHIR R4 transaction Bundle per patient
 * ({@code patient-NNN.json}: the Patient and each note as a {@code DocumentReference} with a base64
 * {@code text/plain; charset=utf-8} attachment), so {@code ./pipeline local --input DIR} can run on it. The gold
 * spans go to a separate NDJSON file outside that folder (offsets into the decoded attachment text, no text).
 *
 * <p>From the repository root, either
 * <pre>
 * build-slot ./mvnw -B -ntp -o -q -pl functions/deidentification -am test -Dtest=CorpusExportTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddeid.eval.export.dir=/tmp/deid-eval-notes
 * ./pipeline local --input /tmp/deid-eval-notes --output /tmp/deid-eval-out
 * </pre>
 * or run {@link #main} on the module's test class path with {@code OUTPUT_DIR [PATIENTS [SEED]]}. The gold file is
 * {@code OUTPUT_DIR.gold.ndjson}.
 */
public final class CorpusExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper NDJSON = new ObjectMapper();

    private CorpusExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: CorpusExport OUTPUT_DIR [PATIENTS [SEED]]");
            System.exit(2);
        }
        int patients = args.length > 1 ? Integer.parseInt(args[1]) : NoteGenerator.DEFAULT_PATIENTS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : NoteGenerator.DEFAULT_SEED;
        List<GeneratedCase> cases = new NoteGenerator(new Surrogates(LexiconFiles.load(), seed), seed).generate(patients);
        Path dir = Path.of(args[0]);
        write(cases, dir, goldFileFor(dir));
        System.out.println("wrote " + cases.size() + " bundles to " + dir + " and gold spans to " + goldFileFor(dir));
    }

    public static Path goldFileFor(Path dir) {
        Path absolute = dir.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".gold.ndjson");
    }

    public static void write(List<GeneratedCase> cases, Path dir, Path goldFile) throws IOException {
        Files.createDirectories(dir);
        try (Writer gold = Files.newBufferedWriter(goldFile, StandardCharsets.UTF_8)) {
            for (int i = 0; i < cases.size(); i++) {
                GeneratedCase c = cases.get(i);
                JSON.writeValue(dir.resolve(String.format("patient-%03d.json", i)).toFile(), bundle(c));
                for (GeneratedNote note : c.notes()) {
                    ObjectNode line = NDJSON.createObjectNode();
                    line.put("note", note.id());
                    line.put("documentReference", documentId(note));
                    line.put("patient", c.patientId());
                    line.put("kind", note.kind().name());
                    line.put("phiFree", note.phiFree());
                    var spans = line.putArray("spans");
                    for (GoldSpan span : note.gold()) {
                        ObjectNode s = spans.addObject();
                        s.put("start", span.start());
                        s.put("end", span.end());
                        s.put("category", span.category().name());
                        s.put("origin", span.origin().name());
                    }
                    gold.write(NDJSON.writeValueAsString(line));
                    gold.write('\n');
                }
            }
        }
    }

    static String documentId(GeneratedNote note) {
        return UUID.nameUUIDFromBytes(("deid-eval-note-" + note.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A transaction Bundle shaped like the repository's samples: urn:uuid full URLs, POST requests. */
    public static ObjectNode bundle(GeneratedCase c) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        var entries = bundle.putArray("entry");
        ObjectNode patientEntry = entries.addObject();
        patientEntry.put("fullUrl", "urn:uuid:" + c.patientId());
        patientEntry.set("resource", c.patient().deepCopy());
        request(patientEntry, "Patient");
        for (GeneratedNote note : c.notes()) {
            String id = documentId(note);
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", "urn:uuid:" + id);
            ObjectNode doc = entry.putObject("resource");
            doc.put("resourceType", "DocumentReference");
            doc.put("id", id);
            doc.put("status", "current");
            doc.put("docStatus", "final");
            ObjectNode type = doc.putObject("type");
            ObjectNode coding = type.putArray("coding").addObject();
            coding.put("system", "http://loinc.org");
            coding.put("code", loinc(note.kind()));
            coding.put("display", display(note.kind()));
            type.put("text", display(note.kind()));
            doc.putObject("subject").put("reference", "urn:uuid:" + c.patientId());
            ObjectNode attachment = doc.putArray("content").addObject().putObject("attachment");
            attachment.put("contentType", "text/plain; charset=utf-8");
            attachment.put("language", "en-US");
            attachment.put("data", Base64.getEncoder().encodeToString(note.text().getBytes(StandardCharsets.UTF_8)));
            request(entry, "DocumentReference");
        }
        return bundle;
    }

    private static void request(ObjectNode entry, String type) {
        ObjectNode request = entry.putObject("request");
        request.put("method", "POST");
        request.put("url", type);
    }

    private static String loinc(NoteKind kind) {
        return switch (kind) {
            case NURSING -> "34746-8";
            case PROGRESS -> "11506-3";
            case RADIOLOGY -> "18748-4";
            case DISCHARGE -> "18842-5";
        };
    }

    private static String display(NoteKind kind) {
        return switch (kind) {
            case NURSING -> "Nurse Note";
            case PROGRESS -> "Progress note";
            case RADIOLOGY -> "Diagnostic imaging study";
            case DISCHARGE -> "Discharge summary";
        };
    }
}
