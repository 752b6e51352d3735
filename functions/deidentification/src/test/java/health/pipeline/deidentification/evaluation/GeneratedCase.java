package health.pipeline.deidentification.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One fictional patient: the structured FHIR R4 {@code Patient} resource of the record and the notes about them. */
public record GeneratedCase(String patientId, ObjectNode patient, List<GeneratedNote> notes) {
    public GeneratedCase {
        notes = List.copyOf(notes);
    }
}
