package health.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.model.fhir.PatientRecords;

class PatientRecordsTest {

    @Test
    void shouldGroupResourcesPerPatientWithLinkedResources_whenBundleHasTwoPatients() throws Exception {
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1"}},
                 {"fullUrl":"urn:uuid:p2","resource":{"resourceType":"Patient","id":"p2"}},
                 {"fullUrl":"urn:uuid:org","resource":{"resourceType":"Organization","id":"org"}},
                 {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","id":"e1",
                   "subject":{"reference":"urn:uuid:p1"},"serviceProvider":{"reference":"urn:uuid:org"}}},
                 {"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1",
                   "subject":{"reference":"urn:uuid:p1"},"encounter":{"reference":"urn:uuid:e1"}}},
                 {"fullUrl":"urn:uuid:o2","resource":{"resourceType":"Observation","id":"o2",
                   "subject":{"reference":"Patient/p2"}}}
                ]}""";
        var records = PatientRecords.split(new ObjectMapper().readTree(bundle));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).resourceCount()).isEqualTo(4);
        assertThat(records.get(0).bundle().path("type").asText()).isEqualTo("collection");
        assertThat(records.get(0).bundle().toString()).contains("urn:uuid:org").doesNotContain("urn:uuid:p2");
        assertThat(records.get(1).resourceCount()).isEqualTo(2);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = { 2, 50 })
    void shouldGiveEachPatientItsOwnResourcesAndSharedPractitioner_whenABundleHoldsManyPatients(int patients)
            throws Exception {
        StringBuilder entries = new StringBuilder(
                "{\"fullUrl\":\"urn:uuid:dr\",\"resource\":{\"resourceType\":\"Practitioner\"}}");
        for (int p = 0; p < patients; p++) {
            entries.append(",{\"fullUrl\":\"urn:uuid:p").append(p)
                    .append("\",\"resource\":{\"resourceType\":\"Patient\"")
                    .append(p == 1 ? ",\"link\":[{\"other\":{\"reference\":\"urn:uuid:p0\"}}]" : "").append("}}")
                    .append(",{\"resource\":{\"resourceType\":\"Encounter\",\"subject\":{\"reference\":\"urn:uuid:p")
                    .append(p).append("\"},\"participant\":[{\"individual\":{\"reference\":\"urn:uuid:dr\"}}]}}");
        }
        var bundle = new ObjectMapper().readTree("{\"resourceType\":\"Bundle\",\"entry\":[" + entries + "]}");

        var records = PatientRecords.split(bundle);

        assertThat(records).hasSize(patients).allSatisfy(record -> {
            assertThat(record.resourceCount()).isEqualTo(3);
            assertThat(record.bundle().path("entry").findValuesAsText("resourceType"))
                    .containsExactly("Patient", "Encounter", "Practitioner");
        });
    }
}
