package health.pipeline.deidentification.evaluation;

import java.util.List;

/**
 * A generated note and its gold spans (sorted by start, non-overlapping). {@code phiFree} notes carry no identifier
 * at all, only identifier-like clinical numbers, and test that the scrubber keeps them.
 */
public record GeneratedNote(String id, NoteKind kind, boolean phiFree, String text, List<GoldSpan> gold) {
    public GeneratedNote {
        gold = List.copyOf(gold);
    }
}
