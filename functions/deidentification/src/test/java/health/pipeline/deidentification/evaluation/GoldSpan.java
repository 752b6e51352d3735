package health.pipeline.deidentification.evaluation;

/** One annotated identifier in a generated note: [start, end) of the note text, its category and its origin. */
public record GoldSpan(int start, int end, GoldCategory category, Origin origin) {
    public GoldSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
        }
    }
}
