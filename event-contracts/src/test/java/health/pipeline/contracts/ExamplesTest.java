package health.pipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {

    private final ContractValidator validator = ContractValidator.instance();

    static Stream<String> types() {
        return EventTypes.PAYLOADS.keySet().stream().sorted();
    }

    @Test
    void shouldHaveOneExample_whenListingEventTypes() {
        assertThat(Fixtures.EXAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.PAYLOADS.keySet());
    }

    @ParameterizedTest
    @MethodSource("types")
    void shouldValidate_whenExampleEnvelopeIsChecked(String type) {
        String example = Fixtures.example(Fixtures.EXAMPLES.get(type));

        assertThat(validator.validateEnvelope(example)).isEmpty();
        assertThat(Fixtures.json(example).get("type").asText()).isEqualTo(type);
    }

    @ParameterizedTest
    @MethodSource("types")
    void shouldStillValidate_whenExampleRoundTripsThroughCodec(String type) {
        String example = Fixtures.example(Fixtures.EXAMPLES.get(type));

        Envelope<?> decoded = EventCodec.decode(example);
        String reencoded = EventCodec.encode(decoded);

        assertThat(decoded.data()).isInstanceOf(EventTypes.PAYLOADS.get(type));
        assertThat(validator.validateEnvelope(reencoded)).isEmpty();
        assertThat(Fixtures.json(reencoded).equals(Fixtures.NUMERIC_TOLERANT, Fixtures.json(example)))
                .as("re-encoded example equals the original").isTrue();
        assertThat(EventCodec.decode(reencoded, EventTypes.PAYLOADS.get(type))).isEqualTo(decoded);
    }

    @Test
    void shouldValidate_whenS3NotificationExampleIsChecked() {
        assertThat(validator.validateS3Notification(Fixtures.example("s3-event-notification.json"))).isEmpty();
    }

    @Test
    void shouldValidateBodyAsS3Notification_whenLambdaSqsEventExampleIsRead() throws Exception {
        JsonNode sqsEvent = Fixtures.json(Fixtures.example("sqs-event-ingest.json"));
        JsonNode record = sqsEvent.get("Records").get(0);
        String body = record.get("body").asText();

        assertThat(sqsEvent.get("Records")).hasSize(1);
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.get("eventSourceARN").asText()).endsWith(":ingest-queue");
        assertThat(record.get("attributes").fieldNames()).toIterable().contains("ApproximateReceiveCount",
                "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp");
        assertThat(record.get("md5OfBody").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
        assertThat(validator.validateS3Notification(body)).isEmpty();
        assertThat(Fixtures.json(body)).isEqualTo(Fixtures.json(Fixtures.example("s3-event-notification.json")));
    }

    @Test
    void shouldNameTheLandedFileByAKeyedReferenceOnly_whenExamplesDescribeTheSameFile() throws Exception {
        JsonNode s3 = Fixtures.json(Fixtures.example("s3-event-notification.json")).get("Records").get(0).get("s3");
        String key = s3.get("object").get("key").asText();
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));

        for (String type : List.of(EventTypes.RECORDS_INGESTED, EventTypes.INGEST_REJECTED)) {
            JsonNode file = Fixtures.exampleNode(type).get("data").get("file");
            assertThat(file.get("keyRef").asText()).as(type).matches("l-[0-9a-f]{24}")
                    .doesNotContain(digest.substring(0, 24));
            assertThat(Fixtures.exampleNode(type).toString()).as(type).doesNotContain(key).doesNotContain(digest);
            assertThat(file.get("etag").asText()).isEqualTo(s3.get("object").get("eTag").asText());
            assertThat(file.get("sizeBytes").asLong()).isEqualTo(s3.get("object").get("size").asLong());
        }
    }

    @Test
    void shouldReject_whenS3NotificationLacksRecordFields() {
        String s3TestEvent = """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-03-01T10:00:00.000Z",
                 "Bucket":"hp-landing-dev","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
                """;
        String withoutKey = Fixtures.example("s3-event-notification.json").replace("\"key\"", "\"keyName\"");

        assertThat(validator.validateS3Notification(s3TestEvent)).anyMatch(m -> m.contains("Records"));
        assertThat(validator.validateS3Notification(withoutKey))
                .anyMatch(m -> m.startsWith("$.Records[0].s3.object") && m.contains("'key'"));
    }
}
