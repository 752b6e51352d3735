package health.pipeline.ingestion.fhir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.Limits;
import health.pipeline.ingestion.formats.Rejection;

/**
 * Reads FHIR JSON into Jackson trees only (input never selects a Java type: no polymorphic typing, no binding to
 * classes named in the content), with Jackson's stream constraints set from {@link Limits}: nesting depth and
 * string length are checked while parsing, before anything is built.
 */
public final class FhirJson {
    private final ObjectMapper mapper;
    private final ObjectReader valueReader;
    private final ObjectWriter utf8Writer;

    public FhirJson(Limits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(64)
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.valueReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.utf8Writer = mapper.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    }

    /**
     * A tree as UTF-8 JSON, byte for byte what {@code toString().getBytes(UTF_8)} (how records were always
     * serialised) gives, but written as bytes directly instead of through a String. The two differ only on a lone
     * surrogate: toString's UTF-8 encoding makes it {@code ?}, the byte writer an escape; a value holding one (or a
     * literal backslash-u-D that looks like one) is written the old way.
     */
    public byte[] write(JsonNode node) {
        try {
            byte[] json = utf8Writer.writeValueAsBytes(node);
            return mayHoldLoneSurrogate(json) ? node.toString().getBytes(StandardCharsets.UTF_8) : json;
        } catch (JsonProcessingException e) {
            return node.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Whether the JSON holds a backslash, u, D and 8 to F: how the byte writer escapes a lone surrogate. */
    private static boolean mayHoldLoneSurrogate(byte[] json) {
        for (int i = 0; i + 3 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && (json[i + 2] == 'D' || json[i + 2] == 'd')) {
                byte next = json[i + 3];
                if ((next >= '8' && next <= '9') || (next >= 'A' && next <= 'F') || (next >= 'a' && next <= 'f')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A streaming parser with the same constraints as {@link #read}, for reading a document value by value. */
    JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return mapper.createParser(bytes, offset, length);
    }

    /**
     * Reads one value of a {@link #parser} as a tree, as {@link #read} would inside the whole document (duplicate
     * keys rejected); the document goes on after it, so trailing tokens are not its concern.
     */
    ObjectReader valueReader() {
        return valueReader;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses one JSON document (a whole Bundle, or one NDJSON line). */
    public JsonNode read(byte[] bytes, int offset, int length) throws Rejection {
        try {
            JsonNode node = mapper.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new Rejection(ReasonCode.MALFORMED_JSON, "the JSON document is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw constraint(e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof StreamConstraintsException constraint) {
                throw constraint(constraint);
            }
            Integer line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? null
                    : e.getLocation().getLineNr();
            throw new Rejection(ReasonCode.MALFORMED_JSON, "the content is not well-formed JSON", line);
        } catch (IOException e) {
            throw new Rejection(ReasonCode.MALFORMED_JSON, "the content is not readable JSON");
        }
    }

    private static Rejection constraint(StreamConstraintsException e) {
        // Jackson's messages name the limit (nesting depth, string value length, ...), never the value.
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return new Rejection(ReasonCode.NESTING_TOO_DEEP, "JSON nesting exceeds the maximum depth");
        }
        if (message.contains("String value length") || message.contains("Name length")) {
            return new Rejection(ReasonCode.STRING_TOO_LONG, "a JSON string exceeds the maximum length");
        }
        if (message.contains("Document length")) {
            return new Rejection(ReasonCode.OBJECT_TOO_LARGE, "the JSON document exceeds the maximum size");
        }
        return new Rejection(ReasonCode.MALFORMED_JSON, "a JSON number or token exceeds a parser limit");
    }
}
