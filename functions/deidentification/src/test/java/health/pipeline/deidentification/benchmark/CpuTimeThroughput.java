package health.pipeline.deidentification.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.model.fhir.PatientRecords;

/**
 * A cross-check of {@link DeidentificationBenchmark} that a busy machine cannot distort: the same two workloads,
 * timed by the benchmark thread's own CPU time (ThreadMXBean) rather than wall-clock time, so resources per CPU-second
 * is resources per second per core whatever else runs. Alternates floor and policy for 6 rounds (the first 2 are
 * warm-up) and prints each round.
 *
 * <p>Run: {@code ./mvnw -B -f functions/deidentification/pom.xml -Pbenchmark test-compile exec:exec
 * -Dbenchmark.main=health.pipeline.deidentification.benchmark.CpuTimeThroughput}
 */
public final class CpuTimeThroughput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> raw = new ArrayList<>();
        int resources = 0;
        for (String file : List.of("synthea-patient-1.json", "synthea-patient-2.json")) {
            for (PatientRecords.PatientRecord record : Fixtures.records(Fixtures.SAMPLES.resolve(file))) {
                raw.add(record.bundle().toString().getBytes(StandardCharsets.UTF_8));
                resources += record.resourceCount();
            }
        }
        PatientDeidentifier deidentifier = Fixtures.safeHarbor();
        for (int round = 1; round <= 6; round++) {
            double floor = perCpuSecond(resources, () -> {
                for (byte[] record : raw) {
                    StringBuilder ndjson = new StringBuilder();
                    for (JsonNode entry : JSON.readTree(record).path("entry")) {
                        ndjson.append(entry.path("resource")).append('\n');
                    }
                }
            });
            double policy = perCpuSecond(resources, () -> {
                for (byte[] record : raw) {
                    StringBuilder ndjson = new StringBuilder();
                    for (ObjectNode resource : deidentifier.deidentify(JSON.readTree(record)).resources()) {
                        ndjson.append(resource).append('\n');
                    }
                }
            });
            System.out.printf("round %d%s: floor %.0f resources/cpu-s, safe harbor %.0f resources/cpu-s, ratio %.3f%n",
                    round, round <= 2 ? " (warm-up)" : "", floor, policy, policy / floor);
        }
    }

    private interface Pass {
        void run() throws Exception;
    }

    private static double perCpuSecond(int resourcesPerPass, Pass pass) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        long passes = 0;
        while (THREADS.getCurrentThreadCpuTime() - start < 3_000_000_000L) {
            pass.run();
            passes++;
        }
        return passes * resourcesPerPass / ((THREADS.getCurrentThreadCpuTime() - start) / 1e9);
    }
}
