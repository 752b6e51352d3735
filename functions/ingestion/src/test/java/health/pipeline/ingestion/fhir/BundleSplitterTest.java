package health.pipeline.ingestion.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.ingestion.intake.Harness;
import health.pipeline.model.fhir.PatientRecords;

class BundleSplitterTest {

    @ParameterizedTest
    @ValueSource(strings = {"ward-deteriorating-patient.json", "ward-stable-patient.json", "synthea-patient-1.json",
            "synthea-patient-2.json"})
    void shouldSplitLikePatientRecords_whenGivenTheSampleBundles(String sample) throws IOException {
        JsonNode bundle = new ObjectMapper().readTree(Harness.sample(sample));

        var expected = PatientRecords.split(bundle);
        var actual = BundleSplitter.split(bundle);

        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).bundle()).isEqualTo(expected.get(i).bundle());
            assertThat(actual.get(i).resourceCount()).isEqualTo(expected.get(i).resourceCount());
            assertThat(actual.get(i).patientKey()).isEqualTo(expected.get(i).patientKey());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 50})
    void shouldGiveEachPatientItsOwnResourcesAndSharedPractitioner_whenABundleHoldsManyPatients(int patients)
            throws IOException {
        StringBuilder entries = new StringBuilder("{\"fullUrl\":\"urn:uuid:dr\",\"resource\":{\"resourceType\":\"Practitioner\"}}");
        for (int p = 0; p < patients; p++) {
            entries.append(",{\"fullUrl\":\"urn:uuid:p").append(p).append("\",\"resource\":{\"resourceType\":\"Patient\"")
                    .append(p == 1 ? ",\"link\":[{\"other\":{\"reference\":\"urn:uuid:p0\"}}]" : "").append("}}")
                    .append(",{\"resource\":{\"resourceType\":\"Encounter\",\"subject\":{\"reference\":\"urn:uuid:p")
                    .append(p).append("\"},\"participant\":[{\"individual\":{\"reference\":\"urn:uuid:dr\"}}]}}");
        }
        JsonNode bundle = new ObjectMapper().readTree("{\"resourceType\":\"Bundle\",\"entry\":[" + entries + "]}");

        var records = BundleSplitter.split(bundle);

        assertThat(records).hasSize(patients).allSatisfy(record -> {
            assertThat(record.resourceCount()).isEqualTo(3);
            assertThat(record.bundle().path("entry").findValuesAsText("resourceType")).containsExactly("Patient", "Encounter",
                    "Practitioner");
        });
    }
}
