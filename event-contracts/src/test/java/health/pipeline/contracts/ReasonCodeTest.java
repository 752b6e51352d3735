package health.pipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ReasonCodeTest {

    private static final List<String> REQUIRED_CODES = List.of("MALFORMED_JSON", "UNSUPPORTED_FORMAT",
            "NOT_A_BUNDLE", "UNKNOWN_RESOURCE_TYPE", "MISSING_REQUIRED_ELEMENT", "UNRESOLVED_REFERENCE",
            "INVALID_DATE", "EMPTY_FILE", "OBJECT_TOO_LARGE", "NESTING_TOO_DEEP", "STRING_TOO_LONG", "LINE_TOO_LONG",
            "DECOMPRESSION_RATIO_EXCEEDED", "NO_PATIENT", "HL7_PARSE_ERROR", "INVALID_KEY",
            "IMPLAUSIBLE_UNIT", "UNSUPPORTED_MESSAGE_TYPE");

    private static Map<String, String> fileCodes() {
        JsonNode codes = Fixtures.json(Fixtures.resource("contracts/reason-codes.json")).get("codes");
        Map<String, String> result = new LinkedHashMap<>();
        codes.forEach(code -> result.put(code.get("code").asText(), code.get("description").asText()));
        assertThat(result).as("codes are unique").hasSize(codes.size());
        return result;
    }

    private static List<String> schemaCodes() {
        JsonNode schema = Fixtures.json(Fixtures.resource("contracts/schemas/ingest-rejected.v1.schema.json"));
        JsonNode values = schema.at("/$defs/Reason/properties/code/enum");
        assertThat(values.isArray()).isTrue();
        return StreamSupport.stream(values.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void shouldListEveryRequiredCode_whenEnumIsRead() {
        assertThat(Arrays.stream(ReasonCode.values()).map(ReasonCode::code)).containsExactlyElementsOf(REQUIRED_CODES);
    }

    @Test
    void shouldAgreeWithJsonFile_whenEnumIsComparedCodeByCode() {
        Map<String, String> enumCodes = new LinkedHashMap<>();
        for (ReasonCode code : ReasonCode.values()) {
            enumCodes.put(code.code(), code.description());
        }

        assertThat(enumCodes).containsExactlyEntriesOf(fileCodes());
    }

    @Test
    void shouldAgreeWithIngestRejectedSchema_whenSchemaEnumIsRead() {
        assertThat(schemaCodes()).containsExactlyElementsOf(fileCodes().keySet());
    }

    @Test
    void shouldBeUsableAsRejectionMessage_whenDescriptionIsValidated() {
        for (ReasonCode code : ReasonCode.values()) {
            IngestRejected rejected = new IngestRejected(Fixtures.INGEST_ID, Fixtures.sourceFile(),
                    new IngestRejected.Reason(code.code(), code.description(), null),
                    Fixtures.quarantined("fac-north/" + Fixtures.FILE_INGEST_ID + "/file"));

            String json = EventCodec.encode(Fixtures.envelope(EventTypes.INGEST_REJECTED, rejected));

            assertThat(ContractValidator.instance().validateEnvelope(json)).as(code.code()).isEmpty();
        }
    }

    @Test
    void shouldFindCode_whenLookedUpByWireName() {
        assertThat(ReasonCode.fromCode("INVALID_KEY")).contains(ReasonCode.INVALID_KEY);
        assertThat(ReasonCode.fromCode("invalid_key")).isEmpty();
        assertThat(ReasonCode.fromCode(null)).isEmpty();
    }
}
