package health.pipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaRulesTest {

    /** Property names that would hold direct identifiers or free text about a patient. */
    private static final Pattern PHI_PROPERTY = Pattern.compile(
            "name|given|family|birth|address|phone|telecom|ssn|mrn|email|text|note|narrative",
            Pattern.CASE_INSENSITIVE);

    /**
     * The only property names that match {@link #PHI_PROPERTY} yet are no patient data, each with its reason.
     * Keyed by schema file and JSON pointer of the property; anything else that matches fails the test.
     */
    private static final Map<String, String> PHI_NAME_ALLOWED = Map.of(
            "common.v1.schema.json#/$defs/ModelRef/properties/name",
            "the registry name of a model, pattern ^[a-z0-9][a-z0-9._-]{0,63}$",
            "s3-event-notification.schema.json#/$defs/Record/properties/eventName",
            "AWS-defined S3 notification field: the S3 event name, e.g. ObjectCreated:Put",
            "s3-event-notification.schema.json#/$defs/Record/properties/requestParameters/properties/sourceIPAddress",
            "AWS-defined S3 notification field: the uploader's IP address (a system, not a patient)",
            "s3-event-notification.schema.json#/$defs/Record/properties/s3/properties/bucket/properties/name",
            "AWS-defined S3 notification field: the bucket name");

    static final List<String> SCHEMA_FILES = List.of("common.v1.schema.json", "cloudevent-envelope.schema.json",
            "s3-event-notification.schema.json", "records-ingested.v1.schema.json", "ingest-rejected.v1.schema.json",
            "records-deidentified.v1.schema.json", "risk-scored.v1.schema.json", "audit-event.v1.schema.json",
            "model-promoted.v1.schema.json", "audit-maintenance.v1.schema.json");

    private final ContractValidator validator = ContractValidator.instance();

    static Stream<String> types() {
        return EventTypes.PAYLOADS.keySet().stream().sorted();
    }

    private static JsonNode schema(String file) {
        return Fixtures.json(Fixtures.resource("contracts/schemas/" + file));
    }

    private List<String> validateWith(String type, Consumer<ObjectNode> change) {
        ObjectNode event = Fixtures.exampleNode(type);
        change.accept((ObjectNode) event.get("data"));
        return validator.validateEnvelope(event.toString());
    }

    private static ObjectNode at(ObjectNode data, String path) {
        JsonNode node = data.at(path);
        assertThat(node.isObject()).as(path).isTrue();
        return (ObjectNode) node;
    }

    // ---- structure of the schema files ----

    @Test
    void shouldBeDraft202012WithIdUnderContractBase_whenSchemaFilesAreRead() {
        for (String file : SCHEMA_FILES) {
            JsonNode schema = schema(file);
            assertThat(schema.get("$schema").asText()).as(file)
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.get("$id").asText()).as(file).isEqualTo(ContractFiles.SCHEMA_BASE_IRI + file);
        }
    }

    @Test
    void shouldMapEveryEventTypeToAPayloadSchema_whenContractFilesAreListed() {
        assertThat(ContractFiles.PAYLOAD_SCHEMAS.keySet()).isEqualTo(EventTypes.PAYLOADS.keySet());
        assertThat(SCHEMA_FILES).containsAll(ContractFiles.PAYLOAD_SCHEMAS.values());
    }

    @Test
    void shouldDeclareNoPhiShapedProperty_whenAnySchemaIsWalked() {
        List<String> offending = new ArrayList<>();
        for (String file : SCHEMA_FILES) {
            walk(schema(file), "", (pointer, node) -> {
                JsonNode properties = node.get("properties");
                if (properties != null && properties.isObject()) {
                    properties.fieldNames().forEachRemaining(name -> {
                        String where = file + "#" + pointer + "/properties/" + name;
                        if (PHI_PROPERTY.matcher(name).find() && !PHI_NAME_ALLOWED.containsKey(where)) {
                            offending.add(where);
                        }
                    });
                }
            });
        }
        assertThat(offending).isEmpty();
    }

    /** Objects that are deliberately open, with the reason. */
    private static final Map<String, String> OPEN_ALLOWED = Map.of(
            "cloudevent-envelope.schema.json#/properties/data",
            "validated against the payload schema chosen by the event type");

    @Test
    void shouldCloseEveryObject_whenPayloadSchemasAreWalked() {
        List<String> open = new ArrayList<>();
        for (String file : SCHEMA_FILES) {
            if (file.equals("s3-event-notification.schema.json")) {
                continue; // AWS's shape: tolerant of fields AWS adds
            }
            walk(schema(file), "", (pointer, node) -> {
                boolean objectSchema = "object".equals(node.path("type").asText()) || node.has("properties");
                if (!objectSchema || node.has("$ref")) {
                    return; // a $ref'd schema is checked where it is defined
                }
                JsonNode additional = node.get("additionalProperties");
                boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
                boolean constrainedMap = additional != null && additional.isObject() && node.has("propertyNames");
                if (!closed && !constrainedMap && !OPEN_ALLOWED.containsKey(file + "#" + pointer)) {
                    open.add(file + "#" + pointer);
                }
            });
        }
        // the one map: AuditEvent.details, keys and values restricted by propertyNames / additionalProperties
        assertThat(open).isEmpty();
    }

    @Test
    void shouldResolveEveryRef_whenSchemasAreLoaded() {
        List<String> refs = new ArrayList<>();
        for (String file : SCHEMA_FILES) {
            walk(schema(file), "", (pointer, node) -> {
                if (node.has("$ref")) {
                    refs.add(file + " -> " + node.get("$ref").asText());
                }
            });
        }
        for (String ref : refs) {
            String target = ref.substring(ref.indexOf("-> ") + 3);
            String targetFile = target.startsWith("#") ? ref.substring(0, ref.indexOf(' ')) : target.split("#")[0];
            String pointer = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
            assertThat(SCHEMA_FILES).as(ref).contains(targetFile);
            assertThat(schema(targetFile).at(pointer).isMissingNode()).as(ref).isFalse();
        }
    }

    // ---- unknown and PHI-shaped fields ----

    @ParameterizedTest
    @MethodSource("types")
    void shouldRejectPayload_whenItHasAnUnknownField(String type) {
        List<String> errors = validateWith(type, data -> data.put("comment", "free text"));

        assertThat(errors).anyMatch(m -> m.startsWith("$.data: ") && m.contains("'comment'")
                && m.endsWith("[additionalProperties]"));
    }

    static Stream<Arguments> nestedObjects() {
        return Stream.of(
                Arguments.of(EventTypes.RECORDS_INGESTED, "/file"),
                Arguments.of(EventTypes.RECORDS_INGESTED, "/records/0"),
                Arguments.of(EventTypes.RECORDS_INGESTED, "/records/0/object"),
                Arguments.of(EventTypes.INGEST_REJECTED, "/reason"),
                Arguments.of(EventTypes.INGEST_REJECTED, "/quarantined"),
                Arguments.of(EventTypes.RECORDS_DEIDENTIFIED, "/records/0"),
                Arguments.of(EventTypes.RISK_SCORED, "/factors/0"),
                Arguments.of(EventTypes.RISK_SCORED, "/baselines"),
                Arguments.of(EventTypes.RISK_SCORED, "/baselines/news2"),
                Arguments.of(EventTypes.RISK_SCORED, "/model"),
                Arguments.of(EventTypes.RISK_SCORED, "/input"),
                Arguments.of(EventTypes.AUDIT, "/objects/0"),
                Arguments.of(EventTypes.MODEL_PROMOTED, "/previous"),
                Arguments.of(EventTypes.MODEL_PROMOTED, "/evidence"));
    }

    @ParameterizedTest
    @MethodSource("nestedObjects")
    void shouldRejectPayload_whenANestedObjectHasAnUnknownField(String type, String pointer) {
        List<String> errors = validateWith(type, data -> at(data, pointer).put("extra", 1));

        String location = "$.data" + pointer.replaceAll("/(\\d+)", "[$1]").replace('/', '.');
        assertThat(errors).anyMatch(m -> m.startsWith(location + ": ") && m.contains("'extra'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "birthDate", "address", "phone", "mrn", "ssn", "note", "text", "givenName"})
    void shouldRejectRiskScored_whenDataCarriesPhiShapedField(String field) {
        List<String> errors = validateWith(EventTypes.RISK_SCORED, data -> data.put(field, "Jane Doe 1961-04-12"));

        assertThat(errors).anyMatch(m -> m.contains("'" + field + "'") && m.endsWith("[additionalProperties]"));
        assertThat(errors).noneMatch(m -> m.contains("Jane"));
    }

    @Test
    void shouldRejectRiskScored_whenFactorHasFreeText() {
        List<String> errors = validateWith(EventTypes.RISK_SCORED,
                data -> at(data, "/factors/0").put("text", "respiratory rate 28 /min (+0.90)"));

        assertThat(errors).anyMatch(m -> m.startsWith("$.data.factors[0]: ") && m.contains("'text'"));
    }

    // ---- enums and ranges ----

    @Test
    void shouldRejectRiskScored_whenBandIsNotLowMediumHigh() {
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("band", "critical")))
                .anyMatch(m -> m.startsWith("$.data.band: ") && m.endsWith("[enum]"));
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("band", "HIGH")))
                .anyMatch(m -> m.startsWith("$.data.band: "));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, 42})
    void shouldRejectRiskScored_whenScoreIsOutsideZeroToOne(double score) {
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("score", score)))
                .anyMatch(m -> m.startsWith("$.data.score: "));
    }

    @Test
    void shouldAcceptRiskScored_whenScoreIsOnTheBounds() {
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("score", 0))).isEmpty();
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("score", 1.0))).isEmpty();
    }

    @Test
    void shouldRejectRiskScored_whenBaselineRiskOrScoreIsOutOfRange() {
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> at(data, "/baselines/news2").put("risk", "severe")))
                .anyMatch(m -> m.startsWith("$.data.baselines.news2.risk: ") && m.endsWith("[enum]"));
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> at(data, "/baselines/qsofa").put("risk", "low-medium")))
                .isEmpty();
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> at(data, "/baselines/qsofa").put("score", 4)))
                .anyMatch(m -> m.startsWith("$.data.baselines.qsofa.score: "));
    }

    @Test
    void shouldRejectAuditEvent_whenOutcomeIsUnknown() {
        assertThat(validateWith(EventTypes.AUDIT, data -> data.put("outcome", "ok")))
                .anyMatch(m -> m.startsWith("$.data.outcome: ") && m.endsWith("[enum]"));
        for (String outcome : List.of("success", "failure", "denied")) {
            assertThat(validateWith(EventTypes.AUDIT, data -> data.put("outcome", outcome))).isEmpty();
        }
    }

    @Test
    void shouldRejectModelPromoted_whenDecisionIsUnknown() {
        assertThat(validateWith(EventTypes.MODEL_PROMOTED, data -> data.put("decision", "demote")))
                .anyMatch(m -> m.startsWith("$.data.decision: ") && m.endsWith("[enum]"));
        assertThat(validateWith(EventTypes.MODEL_PROMOTED, data -> data.put("decision", "rollback"))).isEmpty();
    }

    @Test
    void shouldRejectModelPromoted_whenItCarriesNoApprovalToken() {
        assertThat(validateWith(EventTypes.MODEL_PROMOTED, data -> data.remove("approvalToken")))
                .anyMatch(m -> m.contains("approvalToken"));
        assertThat(validateWith(EventTypes.MODEL_PROMOTED, data -> data.put("approvalToken", "cso-0042")))
                .anyMatch(m -> m.startsWith("$.data.approvalToken: ") && m.endsWith("[pattern]"));
    }

    @Test
    void shouldRejectAuditMaintenance_whenTaskIsUnknownOrItCarriesMore() {
        assertThat(validateWith(EventTypes.AUDIT_MAINTENANCE, data -> data.put("task", "delete")))
                .anyMatch(m -> m.startsWith("$.data.task: ") && m.endsWith("[enum]"));
        assertThat(validateWith(EventTypes.AUDIT_MAINTENANCE, data -> data.put("patient", "Jane Doe")))
                .anyMatch(m -> m.contains("patient") && !m.contains("Jane"));
        assertThat(validateWith(EventTypes.AUDIT_MAINTENANCE, data -> data.put("task", "retention"))).isEmpty();
    }

    @Test
    void shouldRejectIngestRejected_whenReasonCodeIsUnknownOrMessageQuotesContent() {
        assertThat(validateWith(EventTypes.INGEST_REJECTED, data -> at(data, "/reason").put("code", "OOPS")))
                .anyMatch(m -> m.startsWith("$.data.reason.code: ") && m.endsWith("[enum]"));
        assertThat(validateWith(EventTypes.INGEST_REJECTED,
                data -> at(data, "/reason").put("message", "Unexpected token 'Jane' at line 3")))
                .anyMatch(m -> m.startsWith("$.data.reason.message: ") && !m.contains("Jane"));
        assertThat(validateWith(EventTypes.INGEST_REJECTED, data -> at(data, "/reason").put("line", 0)))
                .anyMatch(m -> m.startsWith("$.data.reason.line: "));
    }

    // ---- identifiers, digests, pseudonyms ----

    @ParameterizedTest
    @ValueSource(strings = {"ABCDEF", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0", "patient-file-name.json"})
    void shouldRejectSha256_whenNotSixtyFourLowerCaseHexDigits(String digest) {
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> at(data, "/model").put("sha256", digest)))
                .anyMatch(m -> m.startsWith("$.data.model.sha256: ") && m.endsWith("[pattern]"));
    }

    /** Landing keys are PHI: neither the key, nor its folder-less name, nor a plain digest of it passes as a reference. */
    @ParameterizedTest
    @ValueSource(strings = {"ward7/Halloran_Bridget_MRN-40917733_admit.json", "Halloran_Bridget_MRN-40917733",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "p-5c2a9e0b7d41f3a86e19c0d2",
        "l-5C2A9E0B7D41F3A86E19C0D2", "l-40917733"})
    void shouldRejectLandingKeyRef_whenNotAKeyedReference(String reference) {
        for (String type : List.of(EventTypes.RECORDS_INGESTED, EventTypes.INGEST_REJECTED)) {
            assertThat(validateWith(type, data -> at(data, "/file").put("keyRef", reference)))
                    .anyMatch(m -> m.startsWith("$.data.file.keyRef: ") && m.endsWith("[pattern]"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ward7/Halloran_Bridget_MRN-40917733_admit.json",
        "ward7/Halloran_Bridget_MRN-40917733_admit.json.line-2", "ward7/i-2b7e151628aed2a6abf71588/Halloran.json",
        "Halloran_Bridget/i-2b7e151628aed2a6abf71588/file x"})
    void shouldRejectQuarantineKey_whenItIsNotBuiltFromSourceIngestIdAndPart(String key) {
        assertThat(validateWith(EventTypes.INGEST_REJECTED, data -> at(data, "/quarantined").put("key", key)))
                .anyMatch(m -> m.startsWith("$.data.quarantined.key: ") && m.endsWith("[pattern]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane Doe", "short", "0012345 6", "jane.doe@example.org", "p-3f9a1c2b/7d4e5f60"})
    void shouldRejectPseudonym_whenItDoesNotLookLikeOne(String pseudonym) {
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("patient", pseudonym)))
                .anyMatch(m -> m.startsWith("$.data.patient: ") && m.endsWith("[pattern]"));
        assertThat(validateWith(EventTypes.RISK_SCORED, data -> data.put("encounter", pseudonym)))
                .anyMatch(m -> m.startsWith("$.data.encounter: ") && m.endsWith("[pattern]"));
        assertThat(validateWith(EventTypes.RECORDS_DEIDENTIFIED,
                data -> ((ArrayNode) data.at("/records/0/encounters")).add(pseudonym)))
                .anyMatch(m -> m.startsWith("$.data.records[0].encounters[1]: ") && m.endsWith("[pattern]"));
        assertThat(validateWith(EventTypes.AUDIT, data -> data.put("patient", pseudonym)))
                .anyMatch(m -> m.startsWith("$.data.patient: ") && m.endsWith("[pattern]"));
    }

    @Test
    void shouldRejectAuditDetails_whenTheyHoldFreeText() {
        assertThat(validateWith(EventTypes.AUDIT, data -> at(data, "/details").put("comment", "Jane Doe fell")))
                .anyMatch(m -> m.startsWith("$.data.details.comment: ") && !m.contains("Jane"));
        assertThat(validateWith(EventTypes.AUDIT, data -> at(data, "/details").put("Patient Name", "x")))
                .anyMatch(m -> m.startsWith("$.data.details: ") && m.endsWith("[propertyNames]"));
    }

    // ---- nullable and required fields ----

    static Stream<Arguments> nullableFields() {
        return Stream.of(
                Arguments.of(EventTypes.INGEST_REJECTED, "/reason", "line"),
                Arguments.of(EventTypes.MODEL_PROMOTED, "", "previous"),
                Arguments.of(EventTypes.AUDIT, "", "patient"),
                Arguments.of(EventTypes.AUDIT, "", "modelVersion"),
                Arguments.of(EventTypes.AUDIT, "", "policyVersion"),
                Arguments.of(EventTypes.AUDIT, "", "keyVersion"),
                Arguments.of(EventTypes.RECORDS_DEIDENTIFIED, "", "policyVersion"),
                Arguments.of(EventTypes.RECORDS_DEIDENTIFIED, "", "keyVersion"),
                Arguments.of(EventTypes.RISK_SCORED, "", "policyVersion"));
    }

    @ParameterizedTest
    @MethodSource("nullableFields")
    void shouldAccept_whenNullableFieldIsNullOrAbsent(String type, String parent, String field) {
        assertThat(validateWith(type, data -> (parent.isEmpty() ? data : at(data, parent)).putNull(field))).isEmpty();
        assertThat(validateWith(type, data -> (parent.isEmpty() ? data : at(data, parent)).remove(field))).isEmpty();
    }

    @Test
    void shouldAccept_whenSubjectIsNullOrAbsent() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.AUDIT);
        event.putNull("subject");
        assertThat(validator.validateEnvelope(event.toString())).isEmpty();
        event.remove("subject");
        assertThat(validator.validateEnvelope(event.toString())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void shouldRejectPayload_whenARequiredFieldIsMissingOrNull(String type) {
        JsonNode schema = schema(ContractFiles.PAYLOAD_SCHEMAS.get(type));
        for (JsonNode required : schema.get("required")) {
            String field = required.asText();
            assertThat(validateWith(type, data -> data.remove(field))).as(field)
                    .anyMatch(m -> m.startsWith("$.data: ") && m.contains("'" + field + "'") && m.endsWith("[required]"));
            assertThat(validateWith(type, data -> data.putNull(field))).as(field).isNotEmpty();
        }
    }

    // ---- envelope ----

    @Test
    void shouldReject_whenTypeIsUnknown() {
        ObjectNode event = Fixtures.exampleNode(EventTypes.AUDIT);
        event.put("type", "health.pipeline.audit.v2");

        assertThat(validator.validateEnvelope(event.toString()))
                .anyMatch(m -> m.startsWith("$.type: is not a known event type"));
    }

    @Test
    void shouldReportPositionOnly_whenInputIsNotJson() {
        List<String> errors = validator.validateEnvelope("{\"data\": Jane Doe}");

        assertThat(errors).singleElement().satisfies(m -> assertThat(m)
                .startsWith("$: not well-formed JSON at line 1").doesNotContain("Jane"));
        assertThat(validator.validateEnvelope("{\"id\": \"a\", \"id\": \"b\"}")).singleElement()
                .satisfies(m -> assertThat(m).contains("not well-formed JSON"));
        assertThat(validator.validateEnvelope(Fixtures.example("audit-event.v1.json") + " {\"x\": 1}"))
                .singleElement().satisfies(m -> assertThat(m).contains("not well-formed JSON"));
        assertThat(validator.validateS3Notification("")).singleElement()
                .satisfies(m -> assertThat(m).contains("empty input"));
    }

    @Test
    void shouldNeverEchoValues_whenManyRulesFail() {
        String phi = "Jane Doe 1961-04-12 MRN 00123456";
        ObjectNode event = Fixtures.exampleNode(EventTypes.RISK_SCORED);
        event.put("id", phi).put("source", phi).put("time", phi).put("subject", phi).put("correlationid", phi)
                .put("dataschema", phi);
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("patient", phi).put("band", phi).put("facility", phi).put("score", phi).put("scoredAt", phi);
        at(data, "/model").put("sha256", phi).put("name", phi);
        at(data, "/factors/0").put("unit", phi).put("feature", phi);
        at(data, "/baselines/news2").put("risk", phi);
        ((ArrayNode) data.get("reviewReasons")).add(phi);

        List<String> errors = validator.validateEnvelope(event.toString());

        assertThat(errors).hasSizeGreaterThan(10);
        assertThat(errors).allSatisfy(m -> assertThat(m)
                .doesNotContain("Jane").doesNotContain("1961").doesNotContain("00123456"));
    }

    /** Visits every subschema (objects reached through any keyword) with its JSON pointer. */
    private static void walk(JsonNode node, String pointer, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(pointer, node);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (Set.of("enum", "const", "examples", "default").contains(field.getKey())) {
                    continue;
                }
                walk(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        }
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(String pointer, JsonNode node);
    }
}
