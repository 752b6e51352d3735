package health.pipeline.deidentification.reidentification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.records.PipelineHarness;

class PseudonymResolutionTest {
    private PipelineHarness harness;
    private PseudonymResolution resolution;
    private RecordsDeidentified.DeidentifiedRecord ward;
    private RecordsDeidentified.DeidentifiedRecord planted;

    @BeforeEach
    void deidentifyTwoPatients() {
        harness = new PipelineHarness();
        var ingested = harness.ingest("ing-0009", "ward7", Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json"),
                Fixtures.CORPUS.resolve("planted-phi-every-field.json"));
        harness.deidentification.deidentify(ingested, "corr-9").toCompletableFuture().join();
        ward = harness.deidentified().records().get(0);
        planted = harness.deidentified().records().get(1);
        resolution = new PseudonymResolution(harness.store, harness.cipher, Fixtures.pseudonymizer(), Fixtures.SAFE_HARBOR,
                harness.events, PipelineHarness.RAW, PipelineHarness.DEID);
    }

    private ReidentificationResult resolve(String role, String purpose, String patient, ObjectRef record) {
        return resolution.resolve(new ReidentificationRequest("user:nurse.jones", role, purpose, patient, record), "corr-r")
                .toCompletableFuture().join();
    }

    private AuditEvent lastAudit() {
        var audits = harness.audits();
        return audits.get(audits.size() - 1);
    }

    @Test
    void shouldReturnTheSourceIdentifiers_whenAnAuthorisedClinicianAsks() {
        var result = resolve("attending-clinician", "TREAT", ward.patient(), ward.object());
        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.RESOLVED);
        assertThat(result.names().toString()).contains("Testwood");
        assertThat(result.identifiers().toString()).contains("W7-448210");
        assertThat(result.birthDate()).isEqualTo("1951-03-14");
        assertThat(result.toString()).doesNotContain("Testwood");
        AuditEvent audit = lastAudit();
        assertThat(audit.action()).isEqualTo("REIDENTIFY");
        assertThat(audit.outcome()).isEqualTo("success");
        assertThat(audit.actor()).isEqualTo("user:nurse.jones");
        assertThat(audit.patient()).isEqualTo(ward.patient());
        assertThat(audit.details()).containsEntry("role", "attending-clinician");
        assertThat(harness.publisher.published().toString()).doesNotContain("Testwood", "W7-448210");
    }

    @Test
    void shouldDenyAndAudit_whenTheRoleIsNotAllowed() {
        var result = resolve("data-scientist", "TREAT", ward.patient(), ward.object());
        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(result.names()).isEmpty();
        assertThat(lastAudit().outcome()).isEqualTo("denied");
        assertThat(lastAudit().details()).containsEntry("reason", "roleOrPurposeNotAllowed");
    }

    @Test
    void shouldDenyAndAudit_whenThePurposeIsNotAllowed() {
        var result = resolve("attending-clinician", "HRESCH", ward.patient(), ward.object());
        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().outcome()).isEqualTo("denied");
    }

    @Test
    void shouldRevealNothing_whenThePseudonymDoesNotBelongToTheRecord() {
        var result = resolve("attending-clinician", "TREAT", planted.patient(), ward.object());
        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(result.identifiers()).isEmpty();
        assertThat(lastAudit().outcome()).isEqualTo("failure");
        assertThat(lastAudit().details()).containsEntry("reason", "pseudonymMismatch");
    }

    @Test
    void shouldRevealNothing_whenTheRecordIsOutsideTheDeidZoneOrMissing() {
        assertThat(resolve("attending-clinician", "TREAT", ward.patient(), new ObjectRef("raw", ward.object().key())).outcome())
                .isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(resolve("attending-clinician", "TREAT", ward.patient(),
                new ObjectRef(PipelineHarness.DEID, "records/ward7/ing-0009/77.ndjson")).outcome())
                .isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(lastAudit().details()).containsEntry("reason", "rawRecordMissing");
        assertThat(harness.audits().stream().filter(a -> a.action().equals("REIDENTIFY"))).hasSize(2);
    }
}
