package health.pipeline.ingestion.formats;

import java.io.BufferedInputStream;
import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import health.pipeline.contracts.ReasonCode;

/**
 * Tells the format from the first bytes of the content, never from the file name: gzip by its magic number, HL7 v2
 * by {@code MSH} or a batch header {@code FHS}/{@code BHS} (after an optional UTF-8 byte-order mark, MLLP start byte
 * and whitespace), FHIR NDJSON when the first line is one complete
 * JSON object that is not a Bundle, a FHIR Bundle when the JSON document's top-level {@code resourceType} is Bundle
 * or cannot be decided from the first bytes (the Bundle reader then says precisely what is wrong).
 */
public final class FormatDetector {
    static final int PEEK_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private FormatDetector() {
    }

    public static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /** Detects the format of the (inflated) content; the stream is reset to its start. */
    public static Format detect(BufferedInputStream in) throws IOException, Rejection {
        in.mark(PEEK_BYTES);
        byte[] peek = in.readNBytes(PEEK_BYTES);
        in.reset();
        int start = 0;
        if (peek.length >= 3 && (peek[0] & 0xff) == 0xEF && (peek[1] & 0xff) == 0xBB && (peek[2] & 0xff) == 0xBF) {
            start = 3;
        }
        while (start < peek.length && (peek[start] == 0x0B || Character.isWhitespace(peek[start]))) {
            start++;
        }
        if (start == peek.length) {
            throw new Rejection(ReasonCode.EMPTY_FILE, "the content is empty or blank");
        }
        if (peek.length - start >= 3 && isHl7Start(peek, start)) {
            return Format.HL7V2;
        }
        if (peek[start] == '{') {
            return firstLineIsNonBundleObject(peek, start) ? Format.FHIR_NDJSON : Format.FHIR_BUNDLE;
        }
        if (peek[start] == '[') {
            throw new Rejection(ReasonCode.UNSUPPORTED_FORMAT, "a JSON array is not a FHIR Bundle or NDJSON");
        }
        throw new Rejection(ReasonCode.UNSUPPORTED_FORMAT,
                "the content is not FHIR R4 JSON, FHIR NDJSON or HL7 v2 (checked by its first bytes)");
    }

    /** {@code MSH}, or a batch envelope ({@code FHS} file header, {@code BHS} batch header: HL7 v2 chapter 2). */
    private static boolean isHl7Start(byte[] peek, int start) {
        String first = new String(peek, start, 3, java.nio.charset.StandardCharsets.US_ASCII);
        return first.equals("MSH") || first.equals("FHS") || first.equals("BHS");
    }

    /**
     * NDJSON when one of the first lines (a bad first line must not hide a good file) is, unindented and alone, a
     * whole JSON object with a top-level resourceType other than Bundle. A pretty-printed Bundle has no such line.
     */
    private static boolean firstLineIsNonBundleObject(byte[] peek, int start) {
        int lineStart = start;
        for (int checked = 0; checked < 5 && lineStart < peek.length; checked++) {
            int end = lineStart;
            while (end < peek.length && peek[end] != '\n') {
                end++;
            }
            if (end < peek.length || checked == 0) {
                if (peek[lineStart] == '{' && isWholeNonBundleResource(peek, lineStart, end)) {
                    return true;
                }
            }
            lineStart = end + 1;
        }
        return false;
    }

    private static boolean isWholeNonBundleResource(byte[] peek, int start, int end) {
        String topLevelType = null;
        try (JsonParser parser = JSON.createParser(peek, start, end - start)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    if (depth == 0) {
                        return topLevelType != null && !"Bundle".equals(topLevelType) && parser.nextToken() == null;
                    }
                } else if (token == JsonToken.FIELD_NAME && depth == 1 && "resourceType".equals(parser.currentName())) {
                    token = parser.nextToken();
                    topLevelType = token == JsonToken.VALUE_STRING ? parser.getText() : "";
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
