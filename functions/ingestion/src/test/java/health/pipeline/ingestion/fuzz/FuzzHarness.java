package health.pipeline.ingestion.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import health.pipeline.contracts.ContractValidator;
import health.pipeline.ingestion.intake.FileIngestion;
import health.pipeline.ingestion.intake.Harness;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.ingestion.keys.RecordSealer;

/**
 * The whole ingestion of fuzzed bytes: whatever the input, the file ends ingested, quarantined or recorded as a
 * duplicate (never an exception, never a hang), and every event it emitted is valid against its contract. One
 * harness serves many runs (building HAPI's context per run would dominate); it is renewed to bound memory.
 */
final class FuzzHarness {
    private static Harness harness;
    private static int runs;

    private FuzzHarness() {
    }

    static void ingest(String key, byte[] content) {
        if (harness == null || ++runs % 500 == 0) {
            harness = new Harness(Harness.smallLimits(), RecordSealer.KeyScope.OBJECT, DataKeyCache.Bounds.defaults());
        }
        int before = harness.published.published().size();
        FileIngestion.Outcome outcome = harness.ingest(harness.land(key + "-" + runs, content));
        assertThat(outcome).isNotNull();
        harness.published.published().stream().skip(before).forEach(p -> assertThat(
                ContractValidator.instance().validateEnvelope(p.event())).as("event %s", p.channel()).isEmpty());
    }
}
