package health.pipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Encodes and decodes the pipeline's events as CloudEvents 1.0 in structured JSON mode, using the CloudEvents SDK for
 * the envelope and a strict Jackson mapper for the payload.
 *
 * <p>Both directions enforce the contract: {@link #encode} refuses to produce, and {@link #decode} refuses to accept,
 * an event that {@link ContractValidator#validateEnvelope(String)} rejects. The schemas are the guard against PHI in
 * events (closed objects, identifier-like strings), so no event that escapes them can be sent through this class.
 *
 * <p>Every {@link IllegalArgumentException} thrown here names the event type, the attribute or the field path and the
 * rule that failed, never a value from the event: the messages are safe to log.
 */
public final class EventCodec {

    private static final String NOT_A_CLOUD_EVENT = "not a valid CloudEvents 1.0 structured-mode JSON event";
    private static final int MAX_REPORTED_VIOLATIONS = 10;
    private static final List<String> REQUIRED_ATTRIBUTES = List.of("id", "source", "type");
    private static final List<String> OPTIONAL_ATTRIBUTES =
            List.of("time", "subject", "datacontenttype", "dataschema");

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper SHARED = MAPPER.copy();
    private static final JsonFormat FORMAT = new JsonFormat();

    private EventCodec() {
    }

    /**
     * The mapper used for payloads: java.time as ISO-8601 strings, nulls omitted, unknown properties, nulls for
     * primitives, float-to-int truncation, scalar coercion and duplicate keys rejected. Thread-safe and shared: do not
     * reconfigure it (take a {@link ObjectMapper#copy()} to customise). Reconfiguring it does not change this codec.
     */
    public static ObjectMapper mapper() {
        return SHARED;
    }

    /**
     * Serialises an envelope as a structured-mode CloudEvent: {@code specversion} 1.0, {@code id}, {@code source},
     * {@code type}, {@code time}, {@code subject} (omitted when null), {@code datacontenttype} application/json,
     * {@code dataschema} {@code urn:health-pipeline:schema:<schema file>}, the {@code correlationid} extension and
     * {@code data} as a JSON object.
     *
     * @throws IllegalArgumentException when a required attribute is missing, the data is not the type's payload class,
     *                                  or the result would violate the event's schema
     */
    public static String encode(Envelope<?> envelope) {
        if (envelope == null) {
            throw new IllegalArgumentException("envelope is null");
        }
        String type = envelope.type();
        require(type, "type");
        Class<?> payloadClass = EventTypes.PAYLOADS.get(type);
        if (payloadClass == null) {
            throw new IllegalArgumentException("unknown event type " + ContractFiles.quotable(type));
        }
        require(envelope.id(), "id");
        require(envelope.source(), "source");
        require(envelope.correlationId(), "correlationId");
        if (envelope.time() == null) {
            throw new IllegalArgumentException("envelope.time is required (event type '" + type + "')");
        }
        if (envelope.data() == null) {
            throw new IllegalArgumentException("envelope.data is required (event type '" + type + "')");
        }
        if (!payloadClass.isInstance(envelope.data())) {
            throw new IllegalArgumentException("event type '" + type + "' carries " + payloadClass.getSimpleName()
                    + ", not " + envelope.data().getClass().getSimpleName());
        }
        URI source;
        try {
            source = new URI(envelope.source());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("envelope.source is not a valid URI reference (event type '" + type
                    + "')");
        }
        ObjectNode data = MAPPER.valueToTree(envelope.data());
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(envelope.id())
                .withSource(source)
                .withType(type)
                .withTime(envelope.time().atOffset(ZoneOffset.UTC))
                .withDataSchema(URI.create(ContractFiles.dataSchemaOf(type)))
                .withExtension(ContractFiles.CORRELATION_ID_EXTENSION, envelope.correlationId())
                .withData(ContractFiles.DATA_CONTENT_TYPE, JsonCloudEventData.wrap(data));
        if (envelope.subject() != null) {
            builder.withSubject(envelope.subject());
        }
        String json = new String(FORMAT.serialize(builder.build()), StandardCharsets.UTF_8);
        List<String> violations = ContractValidator.instance().validateEnvelope(json);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("event of type '" + type + "' violates its contract: "
                    + summarise(violations));
        }
        return json;
    }

    /**
     * Parses a structured-mode CloudEvent whose type must carry {@code dataType}.
     *
     * @throws IllegalArgumentException when the JSON is not a CloudEvents 1.0 event, its type is unknown or carries
     *                                  another payload class than {@code dataType}, or it violates its schema
     */
    public static <T> Envelope<T> decode(String json, Class<T> dataType) {
        if (dataType == null) {
            throw new IllegalArgumentException("dataType is null");
        }
        return decodeChecked(json, dataType);
    }

    /** Parses a structured-mode CloudEvent, choosing the payload class from {@link EventTypes#PAYLOADS} by its type. */
    public static Envelope<?> decode(String json) {
        return decodeChecked(json, null);
    }

    private static <T> Envelope<T> decodeChecked(String json, Class<T> dataType) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": empty input");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // never chain the cause: Jackson's message quotes the input
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": malformed JSON"
                    + ContractValidator.where(e.getLocation()));
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": not a JSON object");
        }
        JsonNode specVersion = tree.get("specversion");
        if (specVersion == null || !"1.0".equals(specVersion.asText())) {
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": specversion must be \"1.0\"");
        }
        for (String attribute : REQUIRED_ATTRIBUTES) {
            JsonNode value = tree.get(attribute);
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": attribute '" + attribute + "' is missing");
            }
            if (!value.isTextual() || value.textValue().isEmpty()) {
                throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": attribute '" + attribute
                        + "' must be a non-empty string");
            }
        }
        for (String attribute : OPTIONAL_ATTRIBUTES) {
            JsonNode value = tree.get(attribute);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": attribute '" + attribute
                        + "' must be a string");
            }
        }
        if (tree.has("data_base64")) {
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": data_base64 is not accepted, data must be JSON");
        }

        CloudEvent event;
        try {
            event = FORMAT.deserialize(json.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": " + sdkReason(e));
        }
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new IllegalArgumentException(NOT_A_CLOUD_EVENT + ": specversion must be \"1.0\"");
        }

        String type = event.getType();
        Class<?> payloadClass = EventTypes.PAYLOADS.get(type);
        if (payloadClass == null) {
            throw new IllegalArgumentException("unknown event type " + ContractFiles.quotable(type));
        }
        if (dataType != null && !dataType.equals(payloadClass)) {
            throw new IllegalArgumentException("event type '" + type + "' carries " + payloadClass.getSimpleName()
                    + ", not " + dataType.getSimpleName());
        }

        List<String> violations = ContractValidator.instance().validateEnvelope(tree);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("event of type '" + type + "' violates its contract: "
                    + summarise(violations));
        }

        CloudEventData data = event.getData();
        if (!(data instanceof JsonCloudEventData jsonData) || !jsonData.getNode().isObject()) {
            throw new IllegalArgumentException("event of type '" + type + "' has no JSON object as data");
        }
        Object payload;
        try {
            payload = MAPPER.treeToValue(jsonData.getNode(), payloadClass);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("event of type '" + type + "': " + bindingReason(e, payloadClass));
        }
        Object correlationId = event.getExtension(ContractFiles.CORRELATION_ID_EXTENSION);
        @SuppressWarnings("unchecked")
        T typed = (T) payload;
        return new Envelope<>(event.getId(), event.getSource().toString(), type, event.getSubject(),
                correlationId == null ? null : correlationId.toString(),
                event.getTime() == null ? null : event.getTime().toInstant(), typed);
    }

    private static void require(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("envelope." + attribute + " is required");
        }
    }

    private static String summarise(List<String> violations) {
        if (violations.size() <= MAX_REPORTED_VIOLATIONS) {
            return String.join("; ", violations);
        }
        return String.join("; ", violations.subList(0, MAX_REPORTED_VIOLATIONS)) + "; and "
                + (violations.size() - MAX_REPORTED_VIOLATIONS) + " more";
    }

    /** A content-free reason for a failure inside the CloudEvents SDK. */
    private static String sdkReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CloudEventRWException rw) {
                return "rejected by the CloudEvents SDK (" + rw.getKind() + ")";
            }
        }
        return "rejected by the CloudEvents SDK (" + e.getClass().getSimpleName() + ")";
    }

    /** A content-free reason for a payload binding failure: the field path and the kind of problem. */
    private static String bindingReason(Exception e, Class<?> payloadClass) {
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping.getPath());
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                return "unknown field " + path(mapping.getPath().subList(0, mapping.getPath().size() - 1))
                        + "." + unknown.getPropertyName() + " for " + payloadClass.getSimpleName();
            }
            return "field " + path + " cannot be read as " + payloadClass.getSimpleName() + " ("
                    + mapping.getClass().getSimpleName() + ")";
        }
        return "data cannot be read as " + payloadClass.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder("$.data");
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL))
                .build();
    }
}
