package health.pipeline.ingestion.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

class GzipFuzzTest {

    /** Bytes after a gzip header: corrupt streams, bombs and truncations must end in quarantine. */
    @FuzzTest(maxDuration = "3s")
    void shouldOnlyIngestOrQuarantine_whenGzipContentIsFuzzed(byte[] body) {
        byte[] content = new byte[10 + body.length];
        content[0] = 0x1f;
        content[1] = (byte) 0x8b;
        content[2] = 8;
        System.arraycopy(body, 0, content, 10, body.length);
        FuzzHarness.ingest("fuzz/x.gz", content);
    }
}
