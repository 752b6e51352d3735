package health.pipeline.deidentification.engine.processors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.engine.RecordContext;
import health.pipeline.deidentification.engine.SecurityLabel;
import health.pipeline.deidentification.policy.PolicyRule;
import health.pipeline.deidentification.text.TextScrubber;

/**
 * {@code scrubText} for what a Narrative's XHTML holds besides its text nodes, before the free-text cleaning (the
 * {@link TextScrubbing} it wraps) sees the markup: comments, CDATA sections, processing instructions and declarations
 * are removed (nothing in them is shown to a reader, and anything can be written there), and every attribute value
 * (a {@code title} tooltip, an image's {@code alt}, a {@code style} with generated content) is cleaned as free text.
 * {@code href} and {@code src} are left to the wrapped cleaning, which replaces them; namespace declarations stay.
 * Everything else is passed on.
 */
public final class NarrativeMarkupScrubbing implements ElementProcessor {
    private static final Pattern HIDDEN = Pattern.compile(
            "<!--.*?(?:-->|\\z)|<!\\[CDATA\\[.*?(?:]]>|\\z)|<\\?.*?(?:\\?>|\\z)|<![A-Za-z][^>]*+(?:>|\\z)", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[A-Za-z][^<>]*+>");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_:][-A-Za-z0-9_:.]*+)(\\s*+=\\s*+)(?:\"([^\"]*+)\"|'([^']*+)'|([^\\s\"'=<>`]++))");

    private final ElementProcessor textScrubbing;
    private final TextScrubber scrubber;

    public NarrativeMarkupScrubbing(ElementProcessor textScrubbing, TextScrubber scrubber) {
        this.textScrubbing = textScrubbing;
        this.scrubber = scrubber;
    }

    @Override
    public JsonNode apply(JsonNode value, String type, PolicyRule rule, RecordContext context) {
        if (value.isObject() && value.path("div").isTextual()) {
            String div = value.get("div").asText();
            String prepared = attributes(HIDDEN.matcher(div).replaceAll(""), context);
            if (!prepared.equals(div)) {
                context.label(SecurityLabel.MASKED);
                ObjectNode copy = ((ObjectNode) value).deepCopy();
                copy.put("div", prepared);
                value = copy;
            }
        }
        return textScrubbing.apply(value, type, rule, context);
    }

    private String attributes(String xhtml, RecordContext context) {
        Matcher tag = TAG.matcher(xhtml);
        StringBuilder out = new StringBuilder(xhtml.length());
        while (tag.find()) {
            tag.appendReplacement(out, Matcher.quoteReplacement(tagWithCleanAttributes(tag.group(), context)));
        }
        tag.appendTail(out);
        return out.toString();
    }

    private String tagWithCleanAttributes(String tag, RecordContext context) {
        Matcher attribute = ATTRIBUTE.matcher(tag);
        StringBuilder out = new StringBuilder(tag.length());
        while (attribute.find()) {
            String name = attribute.group(1);
            String text = attribute.group(3) != null ? attribute.group(3)
                    : attribute.group(4) != null ? attribute.group(4) : attribute.group(5);
            String replacement;
            if (name.equalsIgnoreCase("href") || name.equalsIgnoreCase("src") || isNamespace(name)) {
                replacement = attribute.group();
            } else {
                String clean = scrubber.scrub(text, context.vocabulary()).replace("\"", "&quot;");
                replacement = name + attribute.group(2) + '"' + clean + '"';
            }
            attribute.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        attribute.appendTail(out);
        return out.toString();
    }

    /** {@code xmlns}, {@code xmlns:x}: a narrative's div must declare the XHTML namespace, which names nobody. */
    private static boolean isNamespace(String name) {
        return name.equals("xmlns") || name.startsWith("xmlns:");
    }
}
