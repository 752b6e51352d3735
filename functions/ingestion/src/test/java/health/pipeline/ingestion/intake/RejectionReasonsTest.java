package health.pipeline.ingestion.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.contracts.ContractValidator;
import health.pipeline.contracts.ReasonCode;
import health.pipeline.model.crypto.DataKeyCache;
import health.pipeline.ingestion.keys.RecordSealer;

/** One landed file per reason code: each is quarantined with that code, an IngestRejected and an audit entry. */
class RejectionReasonsTest {
    private static final String PATIENT = "{\"fullUrl\":\"urn:uuid:p1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\"}}";

    private static String bundle(String... entries) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + String.join(",", entries) + "]}";
    }

    private static String observation(String extra) {
        return "{\"fullUrl\":\"urn:uuid:o1\",\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o1\"," + extra
                + "\"subject\":{\"reference\":\"urn:uuid:p1\"}}}";
    }

    /** code -> (landing key, content, the quarantined part: {@code line-<n>}, or null for the whole file) */
    static Map<ReasonCode, Object[]> cases() {
        Map<ReasonCode, Object[]> cases = new LinkedHashMap<>();
        cases.put(ReasonCode.MALFORMED_JSON, new Object[] {"s/a.json", "{\"resourceType\":\"Bundle\",,}", null});
        cases.put(ReasonCode.UNSUPPORTED_FORMAT, new Object[] {"s/a.csv", "name,born\nAda,1950\n", null});
        cases.put(ReasonCode.NOT_A_BUNDLE, new Object[] {"s/a.json", Harness.sample("edge-cases/not-fhir.json"), null});
        cases.put(ReasonCode.UNKNOWN_RESOURCE_TYPE, new Object[] {"s/a.json",
                bundle(PATIENT, "{\"resource\":{\"resourceType\":\"Spaceship\"}}"), null});
        cases.put(ReasonCode.MISSING_REQUIRED_ELEMENT, new Object[] {"s/a.json",
                bundle(PATIENT, observation("\"code\":{\"text\":\"x\"},")), null});
        cases.put(ReasonCode.UNRESOLVED_REFERENCE, new Object[] {"s/a.json", bundle(PATIENT,
                "{\"resource\":{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"urn:uuid:nobody\"}}}"), null});
        cases.put(ReasonCode.INVALID_DATE, new Object[] {"s/a.json",
                bundle("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1950-13-45\"}}"), null});
        cases.put(ReasonCode.EMPTY_FILE, new Object[] {"s/a.json", "", null});
        cases.put(ReasonCode.OBJECT_TOO_LARGE, new Object[] {"s/a.json", " ".repeat((1 << 20) + 1), null});
        cases.put(ReasonCode.NESTING_TOO_DEEP, new Object[] {"s/a.json",
                bundle(PATIENT.replace("\"id\":\"p1\"", "\"id\":\"p1\",\"x\":" + "[".repeat(20) + "]".repeat(20))), null});
        cases.put(ReasonCode.STRING_TOO_LONG, new Object[] {"s/a.json",
                bundle(PATIENT.replace("\"id\":\"p1\"", "\"id\":\"p1\",\"x\":\"" + "a".repeat(2000) + "\"")), null});
        cases.put(ReasonCode.LINE_TOO_LONG, new Object[] {"s/a.ndjson", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"" + "a".repeat(5000) + "\"}\n", "line-2"});
        cases.put(ReasonCode.DECOMPRESSION_RATIO_EXCEEDED, new Object[] {"s/a.gz",
                Harness.sample("edge-cases/gzip-bomb.ndjson.gz"), null});
        cases.put(ReasonCode.NO_PATIENT, new Object[] {"s/a.json", bundle(), null});
        cases.put(ReasonCode.HL7_PARSE_ERROR, new Object[] {"s/a.hl7", "MSH|^~\\&|A\rPID|1||X\r", "line-1"});
        cases.put(ReasonCode.INVALID_KEY, new Object[] {"s/../a.json", bundle(PATIENT), null});
        cases.put(ReasonCode.IMPLAUSIBLE_UNIT, new Object[] {"s/a.json", bundle(PATIENT, observation(
                "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
                        + "\"valueQuantity\":{\"value\":80,\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"},")),
                null});
        cases.put(ReasonCode.UNSUPPORTED_MESSAGE_TYPE, new Object[] {"s/a.hl7",
                "MSH|^~\\&|A|B|C|D|20261123||ORM^O01|1|P|2.5.1\rPID|1||X\r", "line-1"});
        return cases;
    }

    static Stream<Arguments> everyCode() {
        return cases().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()[0], e.getValue()[1],
                e.getValue()[2] == null ? "file" : e.getValue()[2]));
    }

    @Test
    void shouldCoverEveryReasonCode_whenTheCasesAreListed() {
        assertThat(cases().keySet()).containsExactlyInAnyOrder(ReasonCode.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCode")
    void shouldQuarantineWithTheReason_whenTheFileBreaksARule(ReasonCode code, String key, Object content,
            String part) {
        Harness h = new Harness(Harness.smallLimits(), RecordSealer.KeyScope.OBJECT, DataKeyCache.Bounds.defaults());
        byte[] bytes = content instanceof byte[] b ? b : ((String) content).getBytes(StandardCharsets.UTF_8);

        var outcome = h.ingest(h.land(key, bytes));

        assertThat(outcome).isIn(FileIngestion.Outcome.QUARANTINED, FileIngestion.Outcome.PARTIALLY_QUARANTINED);
        String quarantineKey = h.events("ingest-rejections").get(0).at("/data/quarantined/key").asText();
        assertThat(quarantineKey).matches("s/i-[0-9a-f]{24}/" + part);
        JsonNode reason = h.reason(quarantineKey);
        assertThat(reason.path("code").asText()).isEqualTo(code.name());
        assertThat(h.events("ingest-rejections")).singleElement().satisfies(event -> {
            assertThat(event.at("/data/reason/code").asText()).isEqualTo(code.name());
        });
        assertThat(h.events("audit-queue")).anySatisfy(e -> assertThat(e.at("/data/action").asText()).isEqualTo("QUARANTINE"));
        h.published.published().forEach(p -> assertThat(ContractValidator.instance().validateEnvelope(p.event())).isEmpty());
        assertThat(Arrays.asList(reason.toString(), h.published.published().toString()))
                .noneMatch(text -> text.contains("Spaceship") || text.contains("Ada,1950") || text.contains("aaaaaaaa"));
    }
}
