package health.pipeline.deidentification.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.deidentification.Fixtures;

/**
 * Free-text cleaning speed on one core, in bytes of note text per second (the report divides by 10^6 for MB/s),
 * against a floor measured in the same run: tokenising the same text ({@link Words}), which every word-level detector
 * needs anyway. Input, cleaned note by note with each note's own record vocabulary: the independent evaluation's
 * generated notes (ICU nursing, progress, radiology, discharge; default seed), every base64 clinical note of the two
 * Synthea samples, and the annotated planted-PHI notes. The setup prints the bytes per operation.
 *
 * <p>Run: {@code ./mvnw -B -f functions/deidentification/pom.xml -Pbenchmark -Dbenchmark.include=ScrubberBenchmark test-compile exec:exec}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class ScrubberBenchmark {
    private final List<String> notes = new ArrayList<>();
    private final List<PatientVocabulary> vocabularies = new ArrayList<>();
    private long bytes;
    private TextScrubber scrubber;

    @Setup(Level.Trial)
    public void readNotes() throws IOException {
        for (String file : List.of("synthea-patient-1.json", "synthea-patient-2.json")) {
            JsonNode record = Fixtures.firstRecord(Fixtures.SAMPLES.resolve(file));
            PatientVocabulary vocabulary = PatientVocabulary.of(record);
            for (JsonNode data : record.findValues("data")) {
                notes.add(new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8));
                vocabularies.add(vocabulary);
            }
        }
        for (AnnotatedNotes.Note note : AnnotatedNotes.load()) {
            notes.add(note.text());
            vocabularies.add(note.vocabulary());
        }
        for (var generated : health.pipeline.deidentification.evaluation.NoteGenerator.defaultCorpus()) {
            PatientVocabulary vocabulary = PatientVocabulary.of(generated.patient());
            for (var note : generated.notes()) {
                notes.add(note.text());
                vocabularies.add(vocabulary);
            }
        }
        for (String note : notes) {
            bytes += note.getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.println("ScrubberBenchmark input: " + notes.size() + " notes, " + bytes + " bytes per operation");
        scrubber = new TextScrubber();
    }

    /** Bytes of text per operation: JMH's ops/s times this is bytes per second. */
    public long bytesPerOperation() {
        return bytes;
    }

    @Benchmark
    public long floorTokenise() {
        long words = 0;
        for (String note : notes) {
            words += Words.of(note).size();
        }
        return words;
    }

    @Benchmark
    public long scrub() {
        long length = 0;
        for (int i = 0; i < notes.size(); i++) {
            length += scrubber.scrub(notes.get(i), vocabularies.get(i)).length();
        }
        return length;
    }
}
