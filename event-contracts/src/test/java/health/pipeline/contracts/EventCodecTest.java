package health.pipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final ContractValidator validator = ContractValidator.instance();

    static Stream<String> types() {
        return EventTypes.PAYLOADS.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("types")
    void shouldProduceSchemaValidEvent_whenJavaPayloadIsEncoded(String type) {
        String json = EventCodec.encode(Fixtures.envelope(type));

        assertThat(validator.validateEnvelope(json)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void shouldWriteStructuredCloudEvent_whenEnvelopeIsEncoded(String type) {
        Envelope<Object> envelope = Fixtures.envelope(type);

        JsonNode event = Fixtures.json(EventCodec.encode(envelope));

        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isEqualTo(envelope.id());
        assertThat(event.get("source").asText()).isEqualTo(envelope.source());
        assertThat(event.get("type").asText()).isEqualTo(type);
        assertThat(event.get("time").asText()).isEqualTo("2025-03-01T10:15:30Z");
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.get("dataschema").asText())
                .isEqualTo("urn:health-pipeline:schema:" + ContractFiles.PAYLOAD_SCHEMAS.get(type));
        assertThat(event.get("correlationid").asText()).isEqualTo(Fixtures.INGEST_ID);
        assertThat(event.get("data").isObject()).isTrue();
        assertThat(event.has("data_base64")).isFalse();
        if (envelope.subject() == null) {
            assertThat(event.has("subject")).isFalse();
        } else {
            assertThat(event.get("subject").asText()).isEqualTo(envelope.subject());
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void shouldReturnEqualEnvelope_whenEncodedEventIsDecoded(String type) {
        Envelope<Object> envelope = Fixtures.envelope(type);

        Envelope<?> decoded = EventCodec.decode(EventCodec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
    }

    @Test
    void shouldWriteInstantsAsIsoStringsAndOmitNulls_whenPayloadIsEncoded() {
        JsonNode data = Fixtures.json(EventCodec.encode(Fixtures.envelope(EventTypes.AUDIT))).get("data");

        assertThat(data.get("occurredAt").isTextual()).isTrue();
        assertThat(data.get("occurredAt").asText()).isEqualTo("2025-03-01T10:15:41Z");
        assertThat(data.has("modelVersion")).isFalse();
        JsonNode scored = Fixtures.json(EventCodec.encode(Fixtures.envelope(EventTypes.RISK_SCORED))).get("data");
        assertThat(scored.get("scoredAt").asText()).isEqualTo("2025-03-01T10:15:46.512Z");
        assertThat(scored.get("factors").get(0).has("text")).isFalse();
    }

    @Test
    void shouldDecodeTypedPayload_whenDataTypeMatches() {
        String json = Fixtures.example("risk-scored.v1.json");

        Envelope<RiskScored> envelope = EventCodec.decode(json, RiskScored.class);

        assertThat(envelope.data().band()).isEqualTo("high");
        assertThat(envelope.data().score()).isEqualTo(0.82);
        assertThat(envelope.data().scoredAt()).isEqualTo(Instant.parse("2025-03-01T10:15:46.512Z"));
        assertThat(envelope.correlationId()).isEqualTo("ing-7c1e9a4b5d6f");
        assertThat(envelope.time()).isEqualTo(Instant.parse("2025-03-01T10:15:47Z"));
        assertThat(envelope.subject()).isEqualTo("p-3f9a1c2b7d4e5f6012ab34cd");
    }

    @Test
    void shouldDecodeAbsentNullables_whenOptionalFieldsAreMissingOrNull() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.MODEL_PROMOTED);
        ((ObjectNode) event.get("data")).putNull("previous");
        event.putNull("subject");

        Envelope<ModelPromoted> envelope = EventCodec.decode(event.toString(), ModelPromoted.class);

        assertThat(envelope.data().previous()).isNull();
        assertThat(envelope.subject()).isNull();
    }

    @Test
    void shouldFailWithoutNamingPayload_whenTypeCarriesAnotherClass() {
        String json = Fixtures.example("risk-scored.v1.json");

        assertThatThrownBy(() -> EventCodec.decode(json, AuditEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("health.pipeline.risk.scored.v1")
                .hasMessageContaining("RiskScored")
                .hasMessageContaining("AuditEvent")
                .hasMessageNotContaining(Fixtures.PATIENT)
                .hasMessageNotContaining("fac-north");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Jane Q. Doe, born 1961-04-12, MRN 00123456",
        "{\"name\": \"Jane Doe\", \"birthDate\": \"1961-04-12\"",
        "[\"Jane Doe\", \"1961-04-12\"]",
        "\"Jane Doe 1961-04-12\"",
        "{\"specversion\": \"0.3\", \"id\": \"Jane-Doe-1961-04-12\", \"source\": \"x\", \"type\": \"y\"}",
        "{\"specversion\": \"1.0\", \"source\": \"Jane-Doe-1961-04-12\", \"type\": \"y\"}",
        "{\"specversion\": \"1.0\", \"id\": 19610412, \"source\": \"Jane-Doe\", \"type\": \"Jane-Doe-1961-04-12\"}"
    })
    void shouldFailWithoutEchoingInput_whenJsonIsGarbage(String garbage) {
        assertThatThrownBy(() -> EventCodec.decode(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid CloudEvents 1.0")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("Jane").doesNotContain("Doe").doesNotContain("1961")
                        .doesNotContain("00123456").doesNotContain("19610412"));
    }

    @Test
    void shouldFail_whenJsonHasDuplicateKeysOrTrailingContent() {
        String example = Fixtures.example("audit-event.v1.json");
        String duplicated = example.replaceFirst("\\{", "{\"type\": \"health.pipeline.risk.scored.v1\", ");

        assertThatThrownBy(() -> EventCodec.decode(duplicated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> EventCodec.decode(example + "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void shouldFailWithoutEchoingType_whenTypeIsUnknown() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.AUDIT);
        event.put("type", "Jane Doe 1961-04-12");

        assertThatThrownBy(() -> EventCodec.decode(event.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event type")
                .hasMessageNotContaining("Jane");
    }

    @Test
    void shouldFailNamingFieldNotValue_whenDecodedPayloadViolatesSchema() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.RISK_SCORED);
        ((ObjectNode) event.get("data")).put("patient", "Jane Doe");
        ((ObjectNode) event.get("data")).put("name", "Jane Doe");

        assertThatThrownBy(() -> EventCodec.decode(event.toString(), RiskScored.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.data.patient")
                .hasMessageContaining("'name'")
                .hasMessageNotContaining("Jane");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MRN-40917733", "123-45-6789", "123456789", "p-3f9a1c2b7d4e5f60", "P-3F9A1C2B7D4E5F6012AB34CD"})
    void shouldFailWithoutEchoingValue_whenPatientIsAnMrnOrSsnRatherThanAnEmittedPseudonym(String identifier) {
        ObjectNode riskScored = Fixtures.exampleNode(EventTypes.RISK_SCORED);
        ((ObjectNode) riskScored.get("data")).put("patient", identifier);
        ObjectNode audit = Fixtures.exampleNode(EventTypes.AUDIT);
        ((ObjectNode) audit.get("data")).put("patient", identifier);

        assertThatThrownBy(() -> EventCodec.decode(riskScored.toString(), RiskScored.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.data.patient")
                .hasMessageNotContaining(identifier);
        assertThatThrownBy(() -> EventCodec.decode(audit.toString(), AuditEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.data.patient")
                .hasMessageNotContaining(identifier);
    }

    @Test
    void shouldFail_whenRequiredPrimitiveIsMissing() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.RISK_SCORED);
        ((ObjectNode) event.get("data")).remove("score");

        // without the schema check, Jackson would silently read the missing score as 0.0
        assertThatThrownBy(() -> EventCodec.decode(event.toString(), RiskScored.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'score'");
    }

    @Test
    void shouldRefuseToEncode_whenFactorLabelIsFreeText() {
        Envelope<Object> envelope = Fixtures.envelope(EventTypes.RISK_SCORED,
                Fixtures.riskScored("Mrs Jane Doe says she feels faint"));

        assertThatThrownBy(() -> EventCodec.encode(envelope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.data.factors[0].label")
                .hasMessageNotContaining("Jane");
    }

    @Test
    void shouldRefuseToEncode_whenPayloadClassDoesNotMatchType() {
        Envelope<Object> envelope = Fixtures.envelope(EventTypes.AUDIT, Fixtures.riskScored());

        assertThatThrownBy(() -> EventCodec.encode(envelope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AuditEvent")
                .hasMessageContaining("RiskScored");
    }

    @Test
    void shouldRefuseToEncode_whenTypeIsUnknownOrAttributesAreMissing() {
        Envelope<Object> valid = Fixtures.envelope(EventTypes.AUDIT);

        assertThatThrownBy(() -> EventCodec.encode(new Envelope<>(valid.id(), valid.source(), "health.pipeline.x.v9",
                null, valid.correlationId(), valid.time(), valid.data())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> EventCodec.encode(new Envelope<>(valid.id(), valid.source(), valid.type(),
                null, null, valid.time(), valid.data())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("correlationId");
        assertThatThrownBy(() -> EventCodec.encode(new Envelope<>(valid.id(), valid.source(), valid.type(),
                null, valid.correlationId(), null, valid.data())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time");
        assertThatThrownBy(() -> EventCodec.encode(new Envelope<>(valid.id(), "not a uri", valid.type(),
                null, valid.correlationId(), valid.time(), valid.data())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
    }

    @Test
    void shouldRefuseToEncode_whenSubjectLooksLikeFreeText() {
        Envelope<Object> valid = Fixtures.envelope(EventTypes.AUDIT);

        assertThatThrownBy(() -> EventCodec.encode(new Envelope<>(valid.id(), valid.source(), valid.type(),
                "Jane Doe", valid.correlationId(), valid.time(), valid.data())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.subject")
                .hasMessageNotContaining("Jane");
    }

    @Test
    void shouldGiveSameResults_whenUsedFromManyThreadsAtOnce() {
        List<String> types = types().toList();

        List<Boolean> results = java.util.stream.IntStream.range(0, 600).parallel().mapToObj(i -> {
            String type = types.get(i % types.size());
            Envelope<Object> envelope = Fixtures.envelope(type);
            String json = EventCodec.encode(envelope);
            return EventCodec.decode(json).equals(envelope) && validator.validateEnvelope(json).isEmpty();
        }).toList();

        assertThat(results).containsOnly(true);
    }

    @Test
    void shouldBeStrict_whenMapperIsUsed() {
        assertThat(EventCodec.mapper().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
        assertThat(EventCodec.mapper()).isSameAs(EventCodec.mapper());
        assertThatThrownBy(() -> EventCodec.mapper().readValue("{\"bucket\":\"b\",\"key\":\"k\",\"x\":1}",
                ObjectRef.class)).hasMessageContaining("x");
    }

    @Test
    void shouldListViolations_whenEnvelopeAttributesAreWrong() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.AUDIT);
        event.put("specversion", "0.3");
        event.put("datacontenttype", "text/plain");
        event.put("time", "yesterday");
        event.put("dataschema", "urn:health-pipeline:schema:risk-scored.v1.schema.json");
        event.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        event.remove("correlationid");

        List<String> errors = validator.validateEnvelope(event.toString());

        assertThat(errors).anyMatch(m -> m.startsWith("$.specversion") && m.endsWith("[const]"));
        assertThat(errors).anyMatch(m -> m.startsWith("$.datacontenttype") && m.endsWith("[const]"));
        assertThat(errors).anyMatch(m -> m.startsWith("$.time") && m.endsWith("[format]"));
        assertThat(errors).anyMatch(m -> m.startsWith("$.dataschema") && m.contains("audit-event.v1.schema.json"));
        assertThat(errors).anyMatch(m -> m.contains("'traceparent'") && m.endsWith("[additionalProperties]"));
        assertThat(errors).anyMatch(m -> m.contains("'correlationid'") && m.endsWith("[required]"));
        assertThat(errors).noneMatch(m -> m.contains("yesterday"));
    }
}
