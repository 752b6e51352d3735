package health.pipeline.deidentification.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import health.pipeline.deidentification.Fixtures;

class QuasiIdentifierRiskTest {

    @Test
    void shouldCountUniquePatientsAndSmallestGroup_whenABatchIsAssessed() {
        var risk = QuasiIdentifierRisk.of(List.of(new QuasiIdentifiers("627", "1951", "female"),
                new QuasiIdentifiers("627", "1951", "female"), new QuasiIdentifiers("627", "1951", "female"),
                new QuasiIdentifiers("053", "1958", "female"), new QuasiIdentifiers("000", "90+", "male")));
        assertThat(risk.patients()).isEqualTo(5);
        assertThat(risk.groups()).isEqualTo(3);
        assertThat(risk.unique()).isEqualTo(2);
        assertThat(risk.smallestGroup()).isEqualTo(1);
        assertThat(risk.auditDetails()).containsEntry("qiUnique", "2").containsEntry("qiSmallestK", "1");
        assertThat(risk.embeddedMetricLine("ward7", "safe-harbor-1.0.0", 1L)).contains("\"UniqueRecords\":2",
                "\"SmallestK\":1", "\"Namespace\":\"HealthPipeline/Deidentification\"");
    }

    @Test
    void shouldReadQuasiIdentifiersAsTheyLeft_whenAPatientIsDeidentified() {
        var result = Fixtures.safeHarbor().deidentify(Fixtures.firstRecord(Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json")));
        assertThat(result.quasiIdentifiers()).isEqualTo(new QuasiIdentifiers("627", "1951", "female"));
        assertThat(QuasiIdentifierRisk.of(List.of()).smallestGroup()).isZero();
    }
}
