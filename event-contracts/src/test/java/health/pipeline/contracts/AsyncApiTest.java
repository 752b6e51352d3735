package health.pipeline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AsyncApiTest {

    private static JsonNode doc;

    @BeforeAll
    static void read() throws Exception {
        doc = new ObjectMapper(new YAMLFactory()).readTree(Fixtures.resource("contracts/asyncapi.yaml"));
    }

    /** Channels by logical address: a FIFO queue's {@code .fifo} suffix is not part of its logical name. */
    private static Map<String, JsonNode> channelsByAddress() {
        Map<String, JsonNode> result = new HashMap<>();
        doc.get("channels").forEach(channel -> result.put(logical(channel.get("address").asText()), channel));
        return result;
    }

    private static String logical(String address) {
        return address.endsWith(".fifo") ? address.substring(0, address.length() - ".fifo".length()) : address;
    }

    private static JsonNode resolveLocal(String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode node = doc.at(ref.substring(1));
        assertThat(node.isMissingNode()).as(ref).isFalse();
        return node;
    }

    @Test
    void shouldBeAsyncApi3_whenDocumentIsRead() {
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.at("/info/title").asText()).isNotBlank();
        assertThat(doc.at("/info/version").asText()).isNotBlank();
    }

    @Test
    void shouldNameEveryChannelWithItsDeadLetterQueue_whenChannelsAreListed() {
        Map<String, JsonNode> channels = channelsByAddress();

        assertThat(channels.keySet()).containsExactlyInAnyOrder("ingest-queue", "deidentify-queue", "scoring-queue",
                "audit-queue", "audit-maintenance-queue", "model-governance-queue", "ingest-rejections",
                "clinician-notifications");
        channels.forEach((address, channel) -> {
            boolean fifo = channel.get("address").asText().endsWith(".fifo");
            String dlq = address + "-dlq" + (fifo ? ".fifo" : "");
            assertThat(channel.get("x-dead-letter-queue").asText()).as(address).isEqualTo(dlq);
            assertThat(channel.get("description").asText()).as(address).contains(dlq);
            if (channel.at("/bindings/sqs").isObject()) {
                assertThat(channel.at("/bindings/sqs/queue/name").asText()).isEqualTo(channel.get("address").asText());
                assertThat(channel.at("/bindings/sqs/queue/fifoQueue").asBoolean()).as(address).isEqualTo(fifo);
                assertThat(channel.at("/bindings/sqs/queue/redrivePolicy/deadLetterQueue/name").asText())
                        .isEqualTo(dlq);
                assertThat(channel.at("/bindings/sqs/deadLetterQueue/name").asText()).isEqualTo(dlq);
            } else {
                assertThat(channel.at("/bindings/sns/name").asText()).as(address).isEqualTo(address);
            }
        });
        assertThat(channels.get("ingest-rejections").at("/bindings/sns").isObject()).isTrue();
        assertThat(channels.get("clinician-notifications").at("/bindings/sns").isObject()).isTrue();
    }

    @Test
    void shouldCarryTheRightMessage_whenEachChannelIsRead() {
        Map<String, String> expected = Map.of(
                "ingest-queue", "S3EventNotification",
                "deidentify-queue", "RecordsIngested",
                "scoring-queue", "RecordsDeidentified",
                "audit-queue", "AuditEvent",
                "audit-maintenance-queue", "AuditMaintenance",
                "model-governance-queue", "ModelPromoted",
                "ingest-rejections", "IngestRejected",
                "clinician-notifications", "RiskScored");

        channelsByAddress().forEach((address, channel) -> {
            List<String> names = new ArrayList<>();
            channel.get("messages").forEach(message -> names.add(resolveLocal(message.get("$ref").asText())
                    .get("name").asText()));
            assertThat(names).as(address).containsExactly(expected.get(address));
        });
    }

    @Test
    void shouldDescribeEachFunctionsOperations_whenOperationsAreGroupedByFunction() {
        Map<String, Set<String>> byFunction = new HashMap<>();
        doc.get("operations").forEach(operation -> {
            String function = operation.at("/tags/0/name").asText().replace("function:", "");
            String address = logical(resolveLocal(operation.at("/channel/$ref").asText()).get("address").asText());
            byFunction.computeIfAbsent(function, f -> new TreeSet<>())
                    .add(operation.get("action").asText() + " " + address);
            operation.get("messages").forEach(message -> {
                String ref = message.get("$ref").asText();
                assertThat(ref).startsWith(operation.at("/channel/$ref").asText() + "/messages/");
                resolveLocal(ref);
            });
        });

        assertThat(byFunction).containsOnlyKeys("ingestion", "deidentification", "scoring", "audit-writer");
        assertThat(byFunction.get("ingestion")).containsExactlyInAnyOrder("receive ingest-queue",
                "send deidentify-queue", "send audit-queue", "send ingest-rejections");
        assertThat(byFunction.get("deidentification")).containsExactlyInAnyOrder("receive deidentify-queue",
                "send scoring-queue", "send audit-queue");
        assertThat(byFunction.get("scoring")).containsExactlyInAnyOrder("receive scoring-queue",
                "receive model-governance-queue", "send clinician-notifications", "send audit-queue");
        assertThat(byFunction.get("audit-writer")).containsExactlyInAnyOrder("receive audit-queue",
                "receive audit-maintenance-queue", "send audit-maintenance-queue");
    }

    @Test
    void shouldReferenceEachPayloadSchema_whenEventMessagesAreRead() {
        Map<String, JsonNode> byType = new HashMap<>();
        doc.at("/components/messages").forEach(message -> {
            JsonNode typeConst = message.at("/payload/schema/allOf/1/properties/type/const");
            if (!typeConst.isMissingNode()) {
                byType.put(typeConst.asText(), message);
            }
        });

        assertThat(byType.keySet()).isEqualTo(EventTypes.PAYLOADS.keySet());
        byType.forEach((type, message) -> {
            String file = ContractFiles.PAYLOAD_SCHEMAS.get(type);
            assertThat(message.at("/payload/schema/allOf/0/$ref").asText())
                    .isEqualTo("./schemas/cloudevent-envelope.schema.json");
            assertThat(message.at("/payload/schema/allOf/1/properties/data/$ref").asText())
                    .isEqualTo("./schemas/" + file);
            assertThat(message.at("/payload/schema/allOf/1/properties/dataschema/const").asText())
                    .isEqualTo(ContractFiles.dataSchemaOf(type));
            assertThat(message.get("contentType").asText()).isEqualTo("application/cloudevents+json");
        });
        assertThat(doc.at("/components/messages/S3EventNotification/payload/schema/$ref").asText())
                .isEqualTo("./schemas/s3-event-notification.schema.json");
    }

    @Test
    void shouldResolveEveryRef_whenDocumentIsWalked() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                resolveLocal(ref);
            } else {
                assertThat(ref).as(ref).startsWith("./schemas/");
                String file = ref.substring(2).split("#")[0];
                assertThat(getClass().getClassLoader().getResource("contracts/" + file)).as(ref).isNotNull();
            }
        }
    }

    @Test
    void shouldDocumentNotificationAttributes_whenRiskScoredHeadersAreRead() {
        JsonNode headers = doc.at("/components/messages/RiskScored/headers");

        assertThat(headers.get("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("facility", "unit", "band", "reviewRequired");
        assertThat(headers.get("required")).hasSize(4);
        assertThat(headers.at("/properties/band/enum").toString()).isEqualTo("[\"low\",\"medium\",\"high\"]");
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
