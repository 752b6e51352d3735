package health.pipeline.deidentification.text;

/** A span of text recognised as an identifier: [start, end) and its type. Never holds the text itself. */
public record Finding(int start, int end, PhiType type) {
    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
