package health.pipeline.deidentification.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.deidentification.Fixtures;

class RecordDeidentificationTest {

    @Test
    void shouldWriteNdjsonEventsAndRiskAudit_whenABatchIsDeidentified() {
        PipelineHarness harness = new PipelineHarness();
        var ingested = harness.ingest("ing-0001", "ward7", Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json"),
                Fixtures.SAMPLES.resolve("ward-stable-patient.json"),
                Fixtures.CORPUS.resolve("planted-phi-every-field.json"));
        harness.deidentification.deidentify(ingested, "corr-1").toCompletableFuture().join();

        var event = harness.deidentified();
        assertThat(event.records()).hasSize(3);
        assertThat(event.policyVersion()).isEqualTo("safe-harbor-1.0.0");
        assertThat(event.records().get(0).object().key()).isEqualTo("records/ward7/ing-0001/1.ndjson");
        String ndjson = new String(harness.store.bucket(PipelineHarness.DEID).get("records/ward7/ing-0001/3.ndjson").content(),
                StandardCharsets.UTF_8);
        assertThat(ndjson.lines()).allMatch(line -> line.startsWith("{\"resourceType\":"));
        assertThat(ndjson).doesNotContain("Marguerite", "QX-7781203");

        AuditEvent risk = harness.audits().stream().filter(a -> a.action().equals("ASSESS_REIDENTIFICATION_RISK"))
                .findFirst().orElseThrow();
        assertThat(risk.details()).containsEntry("qiPatients", "3").containsEntry("qiUnique", "3")
                .containsEntry("qiSmallestK", "1");
        assertThat(harness.audits().stream().filter(a -> a.action().equals("DEIDENTIFY"))).hasSize(3)
                .allSatisfy(a -> assertThat(a.details()).containsKeys("opsPseuded", "opsMasked", "resources"));
        assertThat(harness.metricLines).singleElement().asString().contains("\"UniqueRecords\":3", "\"SmallestK\":1");
        String everything = harness.publisher.published().toString() + harness.metricLines;
        assertThat(everything).doesNotContain("Marguerite", "Okonkwo", "Testwood", "Eleanor", "987-65", "555-01",
                "QX-7781203", "W7-448210");
    }

    @Test
    void shouldDoNothingTwice_whenTheSameIngestIsRedelivered() {
        PipelineHarness harness = new PipelineHarness();
        var ingested = harness.ingest("ing-0002", "ward7", Fixtures.SAMPLES.resolve("ward-stable-patient.json"));
        harness.deidentification.deidentify(ingested, "corr-2").toCompletableFuture().join();
        int published = harness.publisher.published().size();
        harness.deidentification.deidentify(ingested, "corr-2").toCompletableFuture().join();
        assertThat(harness.publisher.published()).hasSize(published);
    }

    @Test
    void shouldDecryptTheDataKeyOnce_whenAFilesRecordsShareOneDataKey() {
        PipelineHarness harness = new PipelineHarness();
        var ingested = harness.ingest("ing-0003", "ward7", Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json"),
                Fixtures.SAMPLES.resolve("ward-stable-patient.json"),
                Fixtures.CORPUS.resolve("planted-phi-every-field.json"),
                Fixtures.SAMPLES.resolve("ward-stable-patient.json"));
        long before = harness.keys.decryptCalls();

        harness.deidentification.deidentify(ingested, "corr-3").toCompletableFuture().join();

        assertThat(ingested.records()).hasSize(4);
        assertThat(harness.deidentified().records()).hasSize(4);
        assertThat(harness.keys.decryptCalls() - before).isEqualTo(1);
    }
}
