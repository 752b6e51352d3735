package health.pipeline.deidentification.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus as FHIR R4 Bundles. With {@code -Ddeid.eval.export.dir=DIR} this also writes the full default corpus to
 * DIR (and its gold spans to {@code DIR.gold.ndjson}) for {@code ./pipeline local --input DIR}.
 */
class CorpusExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bundlesHoldThePatientAndEachNoteAsABase64PlainTextAttachment(@TempDir Path tmp) throws Exception {
        List<GeneratedCase> cases = new NoteGenerator(new Surrogates(LexiconFiles.load(), 3L), 3L).generate(3);
        Path dir = tmp.resolve("notes");
        CorpusExport.write(cases, dir, CorpusExport.goldFileFor(dir));

        for (int i = 0; i < cases.size(); i++) {
            JsonNode bundle = JSON.readTree(dir.resolve(String.format("patient-%03d.json", i)).toFile());
            assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
            JsonNode entries = bundle.path("entry");
            assertThat(entries.get(0).path("resource")).isEqualTo(cases.get(i).patient());
            assertThat(entries.size()).isEqualTo(1 + cases.get(i).notes().size());
            for (int n = 0; n < cases.get(i).notes().size(); n++) {
                JsonNode doc = entries.get(n + 1).path("resource");
                assertThat(doc.path("resourceType").asText()).isEqualTo("DocumentReference");
                assertThat(doc.path("subject").path("reference").asText()).isEqualTo(entries.get(0).path("fullUrl").asText());
                JsonNode attachment = doc.path("content").get(0).path("attachment");
                assertThat(attachment.path("contentType").asText()).startsWith("text/plain");
                assertThat(new String(Base64.getDecoder().decode(attachment.path("data").asText()), StandardCharsets.UTF_8))
                        .isEqualTo(cases.get(i).notes().get(n).text());
            }
        }
        List<String> gold = Files.readAllLines(CorpusExport.goldFileFor(dir));
        assertThat(gold).hasSize(cases.stream().mapToInt(c -> c.notes().size()).sum());
        assertThat(Files.list(dir).count()).as("nothing but bundles in the input folder").isEqualTo(cases.size());
    }

    @Test
    void writesTheDefaultCorpusWhenAskedTo() throws Exception {
        String target = System.getProperty("deid.eval.export.dir");
        if (target == null || target.isBlank()) {
            return;
        }
        Path dir = Path.of(target);
        CorpusExport.write(NoteGenerator.defaultCorpus(), dir, CorpusExport.goldFileFor(dir));
        assertThat(Files.list(dir).count()).isEqualTo(NoteGenerator.DEFAULT_PATIENTS);
    }
}
