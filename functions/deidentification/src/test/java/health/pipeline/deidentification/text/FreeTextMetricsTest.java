package health.pipeline.deidentification.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Recall and precision of free-text cleaning on the planted-PHI notes (samples/leak-corpus/_annotated-notes.txt).
 * A planted span counts as found when every letter and digit of it is inside some finding (a partial cover leaks);
 * a finding counts as correct when it overlaps a planted span. The numbers are written to
 * target/free-text-metrics-annotated.json and published in docs/deidentification.md.
 */
class FreeTextMetricsTest {
    private final TextScrubber scrubber = new TextScrubber();

    @Test
    void shouldFindPlantedPhiWithHighRecallAndPrecision_whenScrubbingTheAnnotatedNotes() throws IOException {
        int planted = 0;
        int found = 0;
        int findings = 0;
        int correct = 0;
        Map<PhiType, int[]> perType = new TreeMap<>();
        StringBuilder missed = new StringBuilder();
        StringBuilder spurious = new StringBuilder();
        for (AnnotatedNotes.Note note : AnnotatedNotes.load()) {
            List<Finding> result = scrubber.find(note.text(), note.vocabulary());
            for (AnnotatedNotes.Span span : note.gold()) {
                planted++;
                int[] counts = perType.computeIfAbsent(span.type(), t -> new int[2]);
                counts[0]++;
                if (covered(note.text(), span, result)) {
                    found++;
                    counts[1]++;
                } else {
                    missed.append(span.type()).append(' ');
                }
            }
            for (Finding finding : result) {
                findings++;
                if (note.gold().stream().anyMatch(g -> g.start() < finding.end() && finding.start() < g.end())) {
                    correct++;
                } else {
                    spurious.append(finding.type()).append(' ');
                }
            }
        }
        double recall = (double) found / planted;
        double precision = (double) correct / findings;
        StringBuilder json = new StringBuilder("{\"planted\":" + planted + ",\"found\":" + found + ",\"findings\":"
                + findings + ",\"correct\":" + correct + ",\"recall\":" + round(recall) + ",\"precision\":"
                + round(precision) + ",\"missedTypes\":\"" + missed.toString().trim() + "\",\"spuriousTypes\":\""
                + spurious.toString().trim() + "\",\"perType\":{");
        perType.forEach((type, counts) -> json.append('"').append(type).append("\":[").append(counts[1]).append(',')
                .append(counts[0]).append("],"));
        json.setLength(json.length() - 1);
        json.append("}}");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/free-text-metrics-annotated.json"), json);

        assertThat(planted).isGreaterThanOrEqualTo(60);
        assertThat(recall).as("recall; missed: %s", missed).isGreaterThanOrEqualTo(0.97);
        assertThat(precision).as("precision; spurious: %s", spurious).isGreaterThanOrEqualTo(0.90);
    }

    /**
     * A second corpus not written alongside the patterns: Synthea's clinical notes. Each starts with the visit date and
     * names the patient once; nothing else in them is an identifier. Every note must lose exactly those two and keep
     * everything else (no other finding is a false positive).
     */
    @Test
    void shouldReplaceOnlyTheDateAndTheName_whenScrubbingSyntheaNotes() {
        int notes = 0;
        for (String file : List.of("synthea-patient-1.json", "synthea-patient-2.json")) {
            var record = health.pipeline.deidentification.Fixtures.firstRecord(
                    health.pipeline.deidentification.Fixtures.SAMPLES.resolve(file));
            PatientVocabulary vocabulary = PatientVocabulary.of(record);
            for (var data : record.findValues("data")) {
                String note = new String(java.util.Base64.getDecoder().decode(data.asText()),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(scrubber.find(note, vocabulary)).extracting(Finding::type)
                        .containsExactlyInAnyOrder(PhiType.DATE, PhiType.NAME);
                notes++;
            }
        }
        assertThat(notes).isGreaterThanOrEqualTo(80);
    }

    private static boolean covered(String text, AnnotatedNotes.Span span, List<Finding> findings) {
        for (int i = span.start(); i < span.end(); i++) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                continue;
            }
            int at = i;
            if (findings.stream().noneMatch(f -> f.start() <= at && at < f.end())) {
                return false;
            }
        }
        return true;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
