package health.pipeline.ingestion.fhir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.Rejection;
import health.pipeline.model.fhir.PatientRecords;

/**
 * A FHIR R4 JSON Bundle (transaction, batch, collection, document or searchset) read within
 * {@code maxDocumentBytes}, validated resource by resource, and split into canonical patient records. A Bundle is one
 * unit (its entries reference each other), so one bad entry rejects the Bundle.
 *
 * <p>Bytes are first read entry by entry ({@link StreamedBundle}); when that declines (the Bundle is to be rejected,
 * or has an unusual shape) the Bundle is read whole as a tree here, which decides the outcome and the rejection.
 */
public final class BundleReader {
    static final Set<String> ACCEPTED_TYPES = Set.of("transaction", "batch", "collection", "document",
            "searchset");

    private final FhirJson json;
    private final ResourceValidator validator = new ResourceValidator();

    public BundleReader(FhirJson json) {
        this.json = json;
    }

    public List<SerializedRecord> read(byte[] content, int length) throws Rejection {
        List<SerializedRecord> streamed = StreamedBundle.read(json, validator, content, length);
        return streamed != null ? streamed : read(json.read(content, 0, length));
    }

    /**
     * Validates and splits a Bundle already in memory (the FHIR mapping of an HL7 v2 message, or a Bundle that
     * {@link StreamedBundle} declined).
     */
    public List<SerializedRecord> read(JsonNode root) throws Rejection {
        if (!root.isObject()) {
            throw new Rejection(ReasonCode.NOT_A_BUNDLE, "the JSON document is not an object");
        }
        if (!"Bundle".equals(root.path("resourceType").asText())) {
            throw new Rejection(ReasonCode.NOT_A_BUNDLE, "the JSON document is not a FHIR Bundle");
        }
        if (!ACCEPTED_TYPES.contains(root.path("type").asText())) {
            throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT,
                    "Bundle.type is missing or not transaction, batch, collection, document or searchset");
        }
        Set<String> keys = new HashSet<>();
        List<Set<String>> referencesOfEntries = new ArrayList<>();
        int position = 0;
        for (JsonNode entry : root.path("entry")) {
            position++;
            JsonNode resource = entry.path("resource");
            if (!resource.isObject()) {
                throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT, "bundle entry " + position + " has no resource");
            }
            Set<String> references = new LinkedHashSet<>();
            try {
                validator.validate(resource, references);
            } catch (Rejection rejection) {
                throw new Rejection(rejection.code(), "bundle entry " + position + ": " + rejection.getMessage());
            }
            keys.addAll(PatientRecords.entryKeys(entry));
            referencesOfEntries.add(references);
        }
        // Resolved only once every entry is validated and indexed: a validation failure anywhere comes first.
        position = 0;
        for (Set<String> references : referencesOfEntries) {
            position++;
            for (String reference : references) {
                if (mustResolve(reference) && !keys.contains(reference)) {
                    throw new Rejection(ReasonCode.UNRESOLVED_REFERENCE,
                            "bundle entry " + position + " references a resource that is not in the bundle");
                }
            }
        }
        List<PatientRecords.PatientRecord> records = PatientRecords.split(root);
        if (records.isEmpty()) {
            throw new Rejection(ReasonCode.NO_PATIENT, "the bundle contains no Patient resource");
        }
        return SerializedRecord.all(records);
    }

    /**
     * Bundle-local references must resolve: {@code urn:uuid:}/{@code urn:oid:} ones and references to a Patient.
     * Conditional ({@code Type?query}), contained ({@code #id}) and absolute references point outside by design.
     */
    static boolean mustResolve(String reference) {
        return reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")
                || (reference.startsWith("Patient/") && reference.indexOf('?') < 0);
    }
}
