package health.pipeline.deidentification.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds a note's text and its gold spans together, so a span can never drift from the text it annotates. */
final class NoteText {

    /** A piece of text that is either plain ({@code category == null}) or one gold identifier. */
    record Segment(String text, GoldCategory category, Origin origin) {
    }

    /** A short run of segments, e.g. {@code "dr " + [CLINICIAN_NAME "okafor"]}. */
    static final class Phrase {
        final List<Segment> segments = new ArrayList<>();

        static Phrase plain(String text) {
            return new Phrase().then(text);
        }

        static Phrase phi(String text, GoldCategory category, Origin origin) {
            return new Phrase().then(text, category, origin);
        }

        Phrase then(String text) {
            segments.add(new Segment(text, null, null));
            return this;
        }

        Phrase then(String text, GoldCategory category, Origin origin) {
            segments.add(new Segment(text, category, origin));
            return this;
        }

        Phrase then(Phrase other) {
            segments.addAll(other.segments);
            return this;
        }
    }

    private final StringBuilder text = new StringBuilder();
    private final List<GoldSpan> gold = new ArrayList<>();

    NoteText append(String plain) {
        text.append(plain);
        return this;
    }

    NoteText append(Phrase phrase) {
        for (Segment segment : phrase.segments) {
            int start = text.length();
            text.append(segment.text());
            if (segment.category() != null) {
                if (!segment.text().equals(segment.text().strip()) || segment.text().isEmpty()) {
                    throw new IllegalArgumentException("gold span must not start or end with white space: '"
                            + segment.text() + "'");
                }
                gold.add(new GoldSpan(start, text.length(), segment.category(), segment.origin()));
            }
        }
        return this;
    }

    /** Appends a template in which each {@code {key}} is replaced by the phrase {@code resolver} makes for it. */
    NoteText fill(String template, Function<String, Phrase> resolver) {
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                text.append(template, at, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            text.append(template, at, open);
            append(resolver.apply(template.substring(open + 1, close)));
            at = close + 1;
        }
        return this;
    }

    int length() {
        return text.length();
    }

    String text() {
        return text.toString();
    }

    List<GoldSpan> gold() {
        return gold;
    }
}
