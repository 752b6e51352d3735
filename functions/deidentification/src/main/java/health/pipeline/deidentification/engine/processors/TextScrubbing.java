package health.pipeline.deidentification.engine.processors;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;
import health.pipeline.deidentification.text.Scrubbed;
import health.pipeline.deidentification.text.TextScrubber;

/**
 * {@code scrubText}: free text is cleaned where it sits (see {@link TextScrubber}):
 * <ul>
 * <li>a string or markdown is cleaned;</li>
 * <li>a Narrative keeps its status and its XHTML structure; text nodes are cleaned, links removed;</li>
 * <li>an Annotation keeps its cleaned text and its time, shifted; the author is removed;</li>
 * <li>an Attachment of {@code text/*} keeps its cleaned content (base64 decoded in its declared charset, cleaned,
 * re-encoded as UTF-8, content type and size updated) and cleaned title; text in a charset Java does not know is
 * removed; the URL and hash are removed. Any other attachment (images, PDFs) is removed: its content cannot
 * be cleaned, and a photo is an identifier in itself.</li>
 * </ul>
 */
public final class TextScrubbing implements ElementProcessor {
    private final TextScrubber scrubber;

    public TextScrubbing(TextScrubber scrubber) {
        this.scrubber = scrubber;
    }

    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        if (value.isTextual()) {
            return TextNode.valueOf(clean(value.asText(), context));
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.has("div")) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("status", value.path("status").asText("generated"));
            String div = value.get("div").asText();
            out.put("div", recorded(scrubber.cleanXhtml(div, context.vocabulary(), context.textDates()), div, context));
            return out;
        }
        if (type.equals("Annotation")) {
            return annotation(value, context);
        }
        if (type.equals("Attachment")) {
            return attachment(value, context);
        }
        context.label(SecurityLabel.REDACTED);
        return null;
    }

    private String clean(String text, RecordContext context) {
        return recorded(scrubber.clean(text, context.vocabulary(), context.textDates()), text, context);
    }

    /**
     * The cleaned text, with what cleaning did recorded: MASKED whenever the text changed (a removed link changes it
     * without replacing an identifier), and the counts of what was replaced or shifted.
     */
    private static String recorded(Scrubbed clean, String original, RecordContext context) {
        if (!clean.text().equals(original)) {
            context.label(SecurityLabel.MASKED);
        }
        context.countTextFindings(clean);
        return clean.text();
    }

    private JsonNode annotation(JsonNode value, RecordContext context) {
        if (!value.path("text").isTextual()) {
            context.label(SecurityLabel.REDACTED);
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("text", clean(value.get("text").asText(), context));
        if (value.path("time").isTextual()) {
            JsonNode shifted = DateShift.shift(value.get("time").asText(), context.shiftDays());
            if (shifted != null) {
                out.set("time", shifted);
                context.label(SecurityLabel.PERTURBED);
            }
        }
        if (value.has("authorReference") || value.has("authorString")) {
            context.label(SecurityLabel.REDACTED);
        }
        return out;
    }

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?");

    /** The charset a {@code text/*} content type declares (UTF-8 when it declares none), or null when unknown. */
    static Charset declaredCharset(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType);
        if (!matcher.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(matcher.group(1));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** The cleaned text is written as UTF-8, and the content type says so. */
    private static String withUtf8(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType);
        return matcher.find() ? matcher.replaceFirst("; charset=utf-8") : contentType;
    }

    private JsonNode attachment(JsonNode value, RecordContext context) {
        String contentType = value.path("contentType").asText("");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (!contentType.isEmpty()) {
            out.put("contentType", contentType);
        }
        if (value.path("language").isTextual()) {
            out.set("language", value.get("language"));
        }
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/")) {
            context.label(SecurityLabel.REDACTED);
            return out.isEmpty() ? null : out;
        }
        if (value.path("data").isTextual()) {
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(value.get("data").asText());
            } catch (IllegalArgumentException e) {
                context.label(SecurityLabel.REDACTED);
                return out;
            }
            Charset charset = declaredCharset(contentType);
            if (charset == null) {
                // an unknown or unsupported charset: the text cannot be read, so it cannot be cleaned
                out.remove("contentType");
                context.label(SecurityLabel.REDACTED);
                return out.isEmpty() ? null : out;
            }
            String text = new String(bytes, charset);
            byte[] clean = clean(text, context).getBytes(StandardCharsets.UTF_8);
            out.put("contentType", withUtf8(contentType));
            out.put("data", Base64.getEncoder().encodeToString(clean));
            out.put("size", clean.length);
        }
        if (value.path("title").isTextual()) {
            out.put("title", clean(value.get("title").asText(), context));
        }
        if (value.has("url") || value.has("hash")) {
            context.label(SecurityLabel.REDACTED);
        }
        if (value.path("creation").isTextual()) {
            JsonNode shifted = DateShift.shift(value.get("creation").asText(), context.shiftDays());
            if (shifted != null) {
                out.set("creation", shifted);
            }
        }
        return out;
    }
}
