package health.pipeline.contracts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates events against the JSON Schemas bundled in this module ({@code contracts/schemas/} on the classpath).
 *
 * <p>All schemas are loaded and their {@code $ref}s resolved once, when {@link #instance()} is first called. Schema
 * {@code $id}s live under {@code https://health-pipeline.internal/contracts/schemas/}, which is mapped to the classpath;
 * loading anything else (any network location) is refused. Format assertions ({@code date-time}, {@code uri-reference},
 * ...) are enabled.
 *
 * <p>The returned messages name the instance location, the violated rule and the keyword, e.g.
 * {@code $.data.band: does not have a value in the enumeration ["low", "medium", "high"] [enum]}. They never quote
 * the offending value, so they may be logged even when the event under test carries data it should not.
 *
 * <p>Thread-safe; share the {@link #instance()}.
 */
public final class ContractValidator {

    private static final String NOT_JSON = "not well-formed JSON";

    private final ObjectMapper reader;
    private final JsonSchema envelopeSchema;
    private final JsonSchema s3NotificationSchema;
    private final Map<String, JsonSchema> payloadSchemas;

    private ContractValidator() {
        this.reader = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder
                        .schemaMappers(mappers -> mappers.mapPrefix(ContractFiles.SCHEMA_BASE_IRI,
                                "classpath:" + ContractFiles.SCHEMA_CLASSPATH_DIR))
                        // Everything must come from the classpath: refuse any other location instead of fetching it.
                        .schemaLoaders(loaders -> loaders.add(iri -> iri.toString().startsWith("classpath:")
                                ? null
                                : DisallowSchemaLoader.getInstance().getSchema(iri))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .locale(Locale.ENGLISH)
                .build();
        this.envelopeSchema = load(factory, config, ContractFiles.ENVELOPE_SCHEMA);
        this.s3NotificationSchema = load(factory, config, ContractFiles.S3_NOTIFICATION_SCHEMA);
        Map<String, JsonSchema> payloads = new HashMap<>();
        ContractFiles.PAYLOAD_SCHEMAS.forEach((type, file) -> payloads.put(type, load(factory, config, file)));
        this.payloadSchemas = Map.copyOf(payloads);
    }

    private static final class Holder {
        private static final ContractValidator INSTANCE = new ContractValidator();
    }

    /** The shared validator; the first call loads and compiles every schema. */
    public static ContractValidator instance() {
        return Holder.INSTANCE;
    }

    /**
     * Validates a structured-mode CloudEvent: the envelope against {@code cloudevent-envelope.schema.json}, then its
     * {@code dataschema} and its {@code data} against the payload schema of its {@code type}. An unknown type is an
     * error.
     *
     * @return the violations, empty when the event is valid
     */
    public List<String> validateEnvelope(String json) {
        JsonNode node;
        try {
            node = parse(json);
        } catch (InvalidJson e) {
            return List.of(e.getMessage());
        }
        return validateEnvelope(node);
    }

    /**
     * Validates an Amazon S3 event notification (the body of an {@code ingest-queue} message) against
     * {@code s3-event-notification.schema.json}.
     *
     * @return the violations, empty when the notification is valid
     */
    public List<String> validateS3Notification(String json) {
        JsonNode node;
        try {
            node = parse(json);
        } catch (InvalidJson e) {
            return List.of(e.getMessage());
        }
        return describe(s3NotificationSchema.validate(node), "$");
    }

    /** Same as {@link #validateEnvelope(String)} for an already parsed event. */
    List<String> validateEnvelope(JsonNode event) {
        Set<String> errors = new LinkedHashSet<>(describe(envelopeSchema.validate(event), "$"));
        if (!event.isObject()) {
            return List.copyOf(errors);
        }
        JsonNode typeNode = event.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return List.copyOf(errors); // reported by the envelope schema
        }
        String type = typeNode.textValue();
        JsonSchema payloadSchema = payloadSchemas.get(type);
        if (payloadSchema == null) {
            errors.add("$.type: is not a known event type " + ContractFiles.quotable(type) + ", expected one of "
                    + new TreeSet<>(payloadSchemas.keySet()) + " [type]");
            return List.copyOf(errors);
        }
        JsonNode dataSchema = event.get("dataschema");
        String expectedDataSchema = ContractFiles.dataSchemaOf(type);
        if (dataSchema != null && !expectedDataSchema.equals(dataSchema.asText())) {
            errors.add("$.dataschema: must be '" + expectedDataSchema + "' for type '" + type + "' [dataschema]");
        }
        JsonNode data = event.get("data");
        if (data != null && data.isObject()) {
            errors.addAll(describe(payloadSchema.validate(data), "$.data"));
        }
        return List.copyOf(errors);
    }

    private JsonNode parse(String json) throws InvalidJson {
        if (json == null || json.isBlank()) {
            throw new InvalidJson("$: empty input, expected a JSON object [json]");
        }
        try {
            JsonNode node = reader.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJson("$: empty input, expected a JSON object [json]");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token: only the position is reported.
            throw new InvalidJson("$: " + NOT_JSON + where(e.getLocation()) + " [json]");
        }
    }

    static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * Renders validation messages as {@code location: rule [keyword]}, with locations re-rooted at {@code root}.
     * networknt's messages name the rule and the schema's expectations, not the instance value; as a second line of
     * defence any verbatim occurrence of the offending value is masked.
     */
    static List<String> describe(Collection<ValidationMessage> messages, String root) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<String> result = new ArrayList<>(messages.size());
        for (ValidationMessage message : messages) {
            String location = message.getInstanceLocation() == null ? "$" : message.getInstanceLocation().toString();
            String text = message.getMessage();
            String rule = text.startsWith(location + ": ") ? text.substring(location.length() + 2) : message.getError();
            rule = mask(rule, message.getInstanceNode());
            String rooted = location.startsWith("$") ? root + location.substring(1) : root + "." + location;
            result.add(rooted + ": " + rule + " [" + message.getType() + "]");
        }
        return Collections.unmodifiableList(result);
    }

    private static String mask(String rule, JsonNode instance) {
        if (instance == null || !instance.isValueNode()) {
            return rule;
        }
        String value = instance.asText();
        if (value.length() >= 4 && rule.contains(value)) {
            return rule.replace(value, "(value)");
        }
        return rule;
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String file) {
        JsonSchema schema = factory.getSchema(SchemaLocation.of(ContractFiles.SCHEMA_BASE_IRI + file), config);
        schema.initializeValidators(); // resolve every $ref now, not on the first event
        return schema;
    }

    /** A parse failure whose message is safe to return. */
    private static final class InvalidJson extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidJson(String message) {
            super(message, null, false, false);
        }
    }
}
