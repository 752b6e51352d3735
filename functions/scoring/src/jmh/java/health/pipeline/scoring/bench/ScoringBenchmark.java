package health.pipeline.scoring.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import health.pipeline.contracts.ObjectRef;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.scoring.features.EncounterObservations;
import health.pipeline.scoring.features.RecordReader;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.model.RiskModel;
import health.pipeline.scoring.notify.EncounterScorer;

/**
 * Scoring against its floor, ONNX Runtime alone, in the same run. "Batched": 1,000 encounters per call, as one
 * de-identified ingest delivers them. "One row": a single encounter. The scoring path includes feature extraction
 * (latest-in-window lookup, unit check, validation and review flags, standardisation), ONNX Runtime, NEWS2, qSOFA
 * and the factor labels; {@code parseAndScore} adds reading the de-identified NDJSON. See docs/benchmarks/scoring.md.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
public class ScoringBenchmark {
    static final int BATCH = 1_000;

    private RiskModel model;
    private EncounterScorer scorer;
    private float[][] batchRows;
    private float[][] oneRow;
    private List<EncounterScorer.Case> batchCases;
    private List<EncounterScorer.Case> oneCase;
    private byte[] oneRecord;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path models = Path.of(System.getProperty("models.dir", "../../samples/models"));
        var store = new InMemoryObjectStore();
        try (var files = Files.walk(models)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                store.put("models", models.relativize(file).toString(), Files.readAllBytes(file), "application/octet-stream",
                        null, java.util.Map.of());
            }
        }
        model = new ModelLoader(store, "models", OnnxRiskModel::new).loadActive().toCompletableFuture().join();
        scorer = new EncounterScorer(model);
        Random random = new Random(42);
        StringBuilder ndjson = new StringBuilder();
        for (int e = 0; e < BATCH; e++) {
            ndjson.append(encounter("enc-" + e, random));
        }
        batchCases = cases(ndjson.toString().getBytes(StandardCharsets.UTF_8));
        oneRecord = encounter("enc-single", random).getBytes(StandardCharsets.UTF_8);
        oneCase = cases(oneRecord);
        int width = model.manifest().features().size();
        batchRows = new float[BATCH][width];
        for (float[] row : batchRows) {
            for (int f = 0; f < width; f++) {
                row[f] = (float) random.nextGaussian();
            }
        }
        oneRow = new float[][] {batchRows[0]};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    private static List<EncounterScorer.Case> cases(byte[] ndjson) {
        List<EncounterScorer.Case> cases = new ArrayList<>();
        for (EncounterObservations o : RecordReader.read(ndjson).values()) {
            cases.add(new EncounterScorer.Case("p-000000000000000000000001", "ward7", o, new ObjectRef("deid", "records/b.ndjson")));
        }
        return cases;
    }

    /** One encounter: two readings of each vital (one superseded), consciousness, SBP inside a BP panel. */
    private static String encounter(String id, Random r) {
        StringBuilder s = new StringBuilder("{\"resourceType\":\"Encounter\",\"id\":\"" + id + "\",\"class\":{\"code\":\"IMP\"}}\n");
        for (String time : List.of("2026-01-01T02:00:00Z", "2026-01-01T08:00:00Z")) {
            s.append(quantity(id, "9279-1", time, 12 + r.nextInt(14), "/min"));
            s.append(quantity(id, "59408-5", time, 88 + r.nextInt(12), "%"));
            s.append(quantity(id, "8867-4", time, 60 + r.nextInt(70), "/min"));
            s.append(quantity(id, "8310-5", time, 36 + r.nextInt(30) / 10.0, "Cel"));
            s.append("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                    + "\"code\":\"85354-9\"}]},\"encounter\":{\"reference\":\"Encounter/" + id + "\"},\"effectiveDateTime\":\""
                    + time + "\",\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},"
                    + "\"valueQuantity\":{\"value\":" + (85 + r.nextInt(70)) + ",\"code\":\"mm[Hg]\"}}]}\n");
            s.append("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                    + "\"code\":\"67775-7\"}]},\"encounter\":{\"reference\":\"Encounter/" + id + "\"},\"effectiveDateTime\":\""
                    + time + "\",\"valueCodeableConcept\":{\"text\":\"" + (r.nextInt(10) == 0 ? "Confusion" : "Alert") + "\"}}\n");
        }
        return s.toString();
    }

    private static String quantity(String encounter, String loinc, String time, double value, String unit) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                + "\"code\":\"" + loinc + "\"}]},\"encounter\":{\"reference\":\"Encounter/" + encounter
                + "\"},\"effectiveDateTime\":\"" + time + "\",\"valueQuantity\":{\"value\":"
                + String.format(Locale.ROOT, "%s", value) + ",\"code\":\"" + unit + "\"}}\n";
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double[] floorOnnxRuntimeBatch() {
        return model.predict(batchRows);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object scoreBatch() {
        return scorer.score(batchCases, "policy", Instant.EPOCH);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] floorOnnxRuntimeOneRow() {
        return model.predict(oneRow);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object scoreOneRow() {
        return scorer.score(oneCase, "policy", Instant.EPOCH);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object parseAndScoreOneRow() {
        return scorer.score(cases(oneRecord), "policy", Instant.EPOCH);
    }
}
