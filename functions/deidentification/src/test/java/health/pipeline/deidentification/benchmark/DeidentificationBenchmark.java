package health.pipeline.deidentification.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.model.fhir.PatientRecords;

/**
 * De-identification throughput on one core, in input FHIR resources per second, with the whole Safe Harbor policy
 * (free-text cleaning of narratives, notes and the base64 clinical notes included) against a floor measured in the
 * same run: parse the raw record and re-serialise its resources as NDJSON, no policy.
 *
 * <p>Input: the raw-zone plaintext of every patient record of the two Synthea samples and the hand-made corpus, as
 * ingestion writes it (PatientRecords.split). One benchmark invocation processes all of them.
 *
 * <p>Run: {@code ./mvnw -B -f functions/deidentification/pom.xml -Pbenchmark test-compile exec:exec}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class DeidentificationBenchmark {
    /** Input resources per invocation; checked at setup so that the reported rate is resources per second. */
    static final int RESOURCES = 989;
    private static final ObjectMapper JSON = new ObjectMapper();

    private List<byte[]> rawRecords;
    private PatientDeidentifier deidentifier;

    @Setup(Level.Trial)
    public void readRecords() throws IOException {
        rawRecords = new ArrayList<>();
        int resources = 0;
        for (String file : List.of("synthea-patient-1.json", "synthea-patient-2.json")) {
            for (PatientRecords.PatientRecord record : Fixtures.records(Fixtures.SAMPLES.resolve(file))) {
                rawRecords.add(record.bundle().toString().getBytes(StandardCharsets.UTF_8));
                resources += record.resourceCount();
            }
        }
        for (String file : List.of("planted-phi-every-field.json", "planted-phi-over-89-restricted-zip.json")) {
            for (PatientRecords.PatientRecord record : Fixtures.records(Fixtures.CORPUS.resolve(file))) {
                rawRecords.add(record.bundle().toString().getBytes(StandardCharsets.UTF_8));
                resources += record.resourceCount();
            }
        }
        if (resources != RESOURCES) {
            throw new IllegalStateException("the samples hold " + resources + " resources; update RESOURCES");
        }
        deidentifier = Fixtures.safeHarbor();
    }

    @Benchmark
    @OperationsPerInvocation(RESOURCES)
    public long floorParseAndReserialise() throws IOException {
        long bytes = 0;
        for (byte[] raw : rawRecords) {
            JsonNode record = JSON.readTree(raw);
            StringBuilder ndjson = new StringBuilder();
            for (JsonNode entry : record.path("entry")) {
                ndjson.append(entry.path("resource")).append('\n');
            }
            bytes += ndjson.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(RESOURCES)
    public long safeHarborPolicy() throws IOException {
        long bytes = 0;
        for (byte[] raw : rawRecords) {
            PatientDeidentifier.Result result = deidentifier.deidentify(JSON.readTree(raw));
            StringBuilder ndjson = new StringBuilder();
            for (ObjectNode resource : result.resources()) {
                ndjson.append(resource).append('\n');
            }
            bytes += ndjson.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }
}
