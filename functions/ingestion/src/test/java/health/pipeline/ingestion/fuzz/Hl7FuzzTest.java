package health.pipeline.ingestion.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class Hl7FuzzTest {

    @FuzzTest(maxDuration = "3s")
    void shouldOnlyIngestOrQuarantine_whenHl7SegmentsAreFuzzed(FuzzedDataProvider data) {
        String separator = data.pickValue(new String[] {"\r", "\n", "\r\n"});
        String message = "\u000bMSH|^~\\&|A|B|C|D|" + data.consumeString(20) + "||"
                + data.pickValue(new String[] {"ADT^A01", "ADT^A04", "ADT^A08", "ORU^R01", "ORM^O01"}) + "|1|P|"
                + data.pickValue(new String[] {"2.3", "2.4", "2.5", "2.5.1", "2.6"}) + separator
                + "PID|1||" + data.consumeString(40) + separator + "PV1|1|" + data.consumeString(40) + separator
                + "OBX|1|" + data.consumeString(80) + separator + data.consumeRemainingAsString() + "\u001c\r";
        FuzzHarness.ingest("fuzz/x.hl7", message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
