package health.pipeline.ingestion.fuzz;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

class NdjsonFuzzTest {
    private static final byte[] SEED = ("{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n"
            + "{\"resourceType\":\"Observation\",\"id\":\"o\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
            + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-01-01T00:00:00Z\"}\n")
            .getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "3s")
    void shouldOnlyIngestOrQuarantine_whenNdjsonLinesAreFuzzed(byte[] tail) {
        byte[] content = new byte[SEED.length + tail.length];
        System.arraycopy(SEED, 0, content, 0, SEED.length);
        System.arraycopy(tail, 0, content, SEED.length, tail.length);
        FuzzHarness.ingest("fuzz/x.ndjson", content);
    }
}
