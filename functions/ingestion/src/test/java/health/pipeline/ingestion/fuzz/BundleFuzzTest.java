package health.pipeline.ingestion.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class BundleFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void shouldOnlyIngestOrQuarantine_whenABundleIsFuzzed(FuzzedDataProvider data) {
        boolean wrapped = data.consumeBoolean();
        String entry = data.consumeString(400);
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + data.pickValue(new String[] {"collection",
                "transaction", "batch", "x"}) + "\",\"entry\":[{\"fullUrl\":\"urn:uuid:p\",\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"p\"}}," + entry + "]}";
        FuzzHarness.ingest("fuzz/x.json", wrapped
                ? bundle.getBytes(java.nio.charset.StandardCharsets.UTF_8) : data.consumeRemainingAsBytes());
    }
}
