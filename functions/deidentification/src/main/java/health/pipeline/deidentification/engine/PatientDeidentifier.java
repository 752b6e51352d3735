package health.pipeline.deidentification.engine;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.engine.processors.CryptoHash;
import health.pipeline.deidentification.engine.processors.DateShift;
import health.pipeline.deidentification.engine.processors.ElementProcessor;
import health.pipeline.deidentification.engine.processors.Generalization;
import health.pipeline.deidentification.engine.processors.NarrativeMarkupScrubbing;
import health.pipeline.deidentification.engine.processors.Redaction;
import health.pipeline.deidentification.engine.processors.Substitution;
import health.pipeline.deidentification.engine.processors.TextScrubbing;
import health.pipeline.deidentification.fhir.FhirTypes;
import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.policy.ElementChain;
import health.pipeline.deidentification.policy.Method;
import health.pipeline.deidentification.policy.PolicyRule;
import health.pipeline.deidentification.risk.QuasiIdentifiers;
import health.pipeline.deidentification.text.TextScrubber;
import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.pseudonym.Pseudonymizer;

/**
 * Applies a {@link DeidentificationPolicy} to one canonical patient record (a collection Bundle) and returns FHIR R4
 * resources for the deid zone.
 *
 * <p>Structure the policy cannot change, because the output must stay linkable and valid:
 * <ul>
 * <li>only the policy's resource types leave; every resource id becomes a keyed pseudonym and every reference is
 * rewritten to it; a Reference whose target did not leave is removed;</li>
 * <li>the Patient gets its patient pseudonym as its first identifier, under {@link #PSEUDONYM_SYSTEM};</li>
 * <li>{@code meta} is replaced by the security labels of what was done, the policy version and the key version;
 * element ids are removed.</li>
 * </ul>
 * Everything else is decided per element by the first rule that selects it; an element no rule selects is kept only
 * inside an element a {@code keep} rule kept, and an extension only when a rule selects it (by URL) or its parent
 * extension was kept. Everything else is dropped: the policy is an allow-list. Inside a kept element every element
 * is still walked, and a string no rule selects (none keeps it as structurally safe, see the policy's
 * {@code safeStrings}) is cleaned as free text, never passed as it came (ADR 0082).
 */
public final class PatientDeidentifier {
    public static final String PSEUDONYM_SYSTEM = "urn:health-pipeline:pseudonym:patient";
    public static final String POLICY_TAG_SYSTEM = "urn:health-pipeline:deid-policy";
    public static final String KEY_TAG_SYSTEM = "urn:health-pipeline:pseudonym-key";
    public static final String AGE_BAND_EXTENSION = "urn:health-pipeline:extension:age-band";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DeidentificationPolicy policy;
    private final DeidentificationPolicy.Index rules;
    private final Pseudonymizer pseudonymizer;
    private final Clock clock;
    /** meta.extension of a resource whose free text was cleaned: one sub-extension per placeholder type, with a count. */
    public static final String TEXT_FINDINGS_EXTENSION = "urn:health-pipeline:extension:free-text-findings";

    private final Map<Method, ElementProcessor> processors = new EnumMap<>(Method.class);

    public PatientDeidentifier(DeidentificationPolicy policy, Pseudonymizer pseudonymizer, Clock clock) {
        this.policy = policy;
        this.rules = policy.index();
        this.pseudonymizer = pseudonymizer;
        this.clock = clock;
        processors.put(Method.REDACT, new Redaction());
        processors.put(Method.DATE_SHIFT, new DateShift());
        processors.put(Method.CRYPTO_HASH, new CryptoHash());
        processors.put(Method.GENERALIZE, new Generalization());
        processors.put(Method.SUBSTITUTE, new Substitution());
        TextScrubber scrubber = new TextScrubber();
        processors.put(Method.SCRUB_TEXT, new NarrativeMarkupScrubbing(new TextScrubbing(scrubber), scrubber));
    }

    public DeidentificationPolicy policy() {
        return policy;
    }

    /**
     * The de-identified resources of one record.
     *
     * @param patient          the patient's pseudonym
     * @param encounters       the pseudonyms of its encounters
     * @param dropped          resources that did not leave (types outside the policy)
     * @param dateShiftDays    the patient's offset (stays in the function: it would undo the shift)
     * @param quasiIdentifiers ZIP3, birth year and gender as they left, for the batch's re-identification risk
     * @param operations       how many elements each kind of operation touched
     */
    public record Result(String patient, List<String> encounters, List<ObjectNode> resources, int dropped,
            int dateShiftDays, QuasiIdentifiers quasiIdentifiers, Map<SecurityLabel, Integer> operations) {
    }

    public Result deidentify(JsonNode recordBundle) {
        JsonNode patient = patientOf(recordBundle);
        if (patient == null) {
            throw new IllegalArgumentException("the record holds no Patient");
        }
        String patientKey = patientKeyOf(recordBundle);
        int shift = pseudonymizer.dateShiftDays(patientKey, policy.maxShiftDays());
        String patientPseudonym = pseudonymizer.pseudonym("patient", patientKey);
        RecordContext context = new RecordContext(recordBundle, policy, pseudonymizer, shift, olderThanPolicyAllows(patient));

        Map<String, String> newReferences = new HashMap<>();
        List<JsonNode> leaving = new ArrayList<>();
        int dropped = 0;
        for (JsonNode entry : recordBundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            if (!policy.resourceTypes().contains(type)) {
                dropped++;
                continue;
            }
            String originalId = resource.hasNonNull("id") ? resource.get("id").asText() : entry.path("fullUrl").asText();
            String newId = type.equals("Patient") ? patientPseudonym
                    : pseudonymizer.pseudonym(type.equals("Encounter") ? "encounter" : "resource",
                            patientKey + "|" + type + "|" + originalId);
            String newReference = type + "/" + newId;
            if (entry.hasNonNull("fullUrl")) {
                newReferences.put(entry.get("fullUrl").asText(), newReference);
            }
            if (resource.hasNonNull("id")) {
                newReferences.put(type + "/" + resource.get("id").asText(), newReference);
            }
            leaving.add(entry);
        }

        Walk walk = new Walk(context, newReferences);
        List<ObjectNode> resources = new ArrayList<>();
        List<String> encounters = new ArrayList<>();
        QuasiIdentifiers quasiIdentifiers = null;
        for (JsonNode entry : leaving) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            String key = entry.hasNonNull("fullUrl") ? entry.get("fullUrl").asText() : type + "/" + resource.path("id").asText();
            String newId = newReferences.get(key).substring(type.length() + 1);
            ObjectNode clean = walk.resource(resource, newId);
            if (type.equals("Patient")) {
                finishPatient(clean, patientPseudonym, context);
                quasiIdentifiers = QuasiIdentifiers.of(clean);
            } else if (type.equals("Encounter")) {
                encounters.add(newId);
            }
            label(clean, context.takeLabels(), context.takeTextFindings());
            resources.add(clean);
        }
        return new Result(patientPseudonym, List.copyOf(encounters), resources, dropped, shift, quasiIdentifiers,
                Map.copyOf(context.operations()));
    }

    /** The record's Patient (its first), or null. */
    public static JsonNode patientOf(JsonNode recordBundle) {
        for (JsonNode entry : recordBundle.path("entry")) {
            if ("Patient".equals(entry.path("resource").path("resourceType").asText())) {
                return entry.path("resource");
            }
        }
        return null;
    }

    /**
     * The patient's stable key, from which its pseudonym and date shift derive: the reference ingestion named the
     * patient by when the record has one (NDJSON: the same whether or not the file held the Patient line), else the
     * Patient's first identifier (system|value), else its resource id.
     */
    public static String patientKeyOf(JsonNode recordBundle) {
        JsonNode byReference = recordBundle.path("identifier");
        if (PatientRecords.PATIENT_KEY_SYSTEM.equals(byReference.path("system").asText())
                && byReference.path("value").isTextual()) {
            return "ref|" + byReference.get("value").asText();
        }
        JsonNode patient = patientOf(recordBundle);
        if (patient == null) {
            throw new IllegalArgumentException("the record holds no Patient");
        }
        for (JsonNode identifier : patient.path("identifier")) {
            if (identifier.hasNonNull("value")) {
                return identifier.path("system").asText("") + "|" + identifier.get("value").asText();
            }
        }
        return "id|" + patient.path("id").asText();
    }

    /**
     * Age at death, or today, above the policy's oldest age: the birth date itself would reveal it. A birth or death
     * date that does not parse counts as too old (the birth date is then removed): fail closed, and no exception whose
     * message would quote the value.
     */
    private boolean olderThanPolicyAllows(JsonNode patient) {
        String birth = patient.path("birthDate").asText("");
        if (birth.isEmpty()) {
            return false;
        }
        try {
            LocalDate born = switch (birth.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(birth), 1, 1);
                case 7 -> LocalDate.parse(birth + "-01");
                default -> LocalDate.parse(birth.substring(0, 10));
            };
            LocalDate until = LocalDate.now(clock);
            String deceased = patient.path("deceasedDateTime").asText("");
            if (deceased.length() >= 10) {
                until = LocalDate.parse(deceased.substring(0, 10));
            }
            return Period.between(born, until).getYears() > policy.oldestAge();
        } catch (RuntimeException unparseable) {
            return true;
        }
    }

    private void finishPatient(ObjectNode patient, String pseudonym, RecordContext context) {
        ArrayNode identifiers = NODES.arrayNode();
        identifiers.addObject().put("system", PSEUDONYM_SYSTEM).put("value", pseudonym);
        if (patient.path("identifier").isArray()) {
            identifiers.addAll((ArrayNode) patient.get("identifier"));
        }
        patient.set("identifier", identifiers);
        context.label(SecurityLabel.PSEUDED);
        if (context.ageAggregated()) {
            patient.remove("birthDate");
            ArrayNode extensions = patient.has("extension") ? (ArrayNode) patient.get("extension") : patient.putArray("extension");
            extensions.addObject().put("url", AGE_BAND_EXTENSION).put("valueString", (policy.oldestAge() + 1) + "+");
            context.label(SecurityLabel.AGGRED);
        }
    }

    /**
     * Replaces {@code meta}: the security labels of what was done, the policy and key versions, and, when free text was
     * cleaned, an extension counting what was replaced or shifted by type (no values), so that a privacy officer can
     * audit a batch without seeing PHI (docs/deidentification.md).
     */
    private void label(ObjectNode resource, Set<SecurityLabel> labels, Map<String, Integer> textFindings) {
        ObjectNode meta = NODES.objectNode();
        if (!textFindings.isEmpty()) {
            ObjectNode findings = meta.putArray("extension").addObject().put("url", TEXT_FINDINGS_EXTENSION);
            ArrayNode counts = findings.putArray("extension");
            textFindings.forEach((type, count) -> counts.addObject().put("url", type).put("valueInteger", count));
        }
        ArrayNode security = meta.putArray("security");
        for (SecurityLabel label : labels) {
            security.addObject().put("system", SecurityLabel.SYSTEM).put("code", label.name()).put("display", label.display());
        }
        ArrayNode tags = meta.putArray("tag");
        tags.addObject().put("system", POLICY_TAG_SYSTEM).put("code", policy.version());
        tags.addObject().put("system", KEY_TAG_SYSTEM).put("code", pseudonymizer.keyVersion());
        resource.set("meta", meta);
    }

    /** One record's walk: the chain of elements and the reference map. Not thread-safe; one per record. */
    private final class Walk {
        private final RecordContext context;
        private final Map<String, String> references;
        private final ElementChain chain = new ElementChain();

        Walk(RecordContext context, Map<String, String> references) {
            this.context = context;
            this.references = references;
        }

        ObjectNode resource(JsonNode resource, String newId) {
            String type = resource.path("resourceType").asText();
            chain.reset(type, resource);
            PolicyRule rule = rules.forResource(type);
            boolean keepAll = rule != null && rule.method() == Method.KEEP;
            ObjectNode out = NODES.objectNode();
            out.put("resourceType", type);
            out.put("id", newId);
            ObjectNode body = object(resource, type, keepAll, true);
            if (body != null) {
                body.remove("resourceType");
                body.remove("id");
                out.setAll(body);
            }
            return out;
        }

        private ObjectNode object(JsonNode node, String type, boolean keepAll, boolean resourceRoot) {
            ObjectNode out = NODES.objectNode();
            boolean reference = type.equals(FhirTypes.REFERENCE);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (resourceRoot && (name.equals("resourceType") || name.equals("id") || name.equals("meta"))) {
                    continue;
                }
                if (name.equals("id") || name.startsWith("_")) {
                    continue; // element ids and primitive extensions: nothing a consumer needs, anything could hide there
                }
                if (reference && name.equals("reference")) {
                    String mapped = references.get(value.asText());
                    if (mapped == null) {
                        context.label(SecurityLabel.REDACTED);
                        return null; // a reference leaving the record would re-link to the source system
                    }
                    out.put("reference", mapped);
                    continue;
                }
                if (value.isArray()) {
                    ArrayNode items = NODES.arrayNode();
                    for (JsonNode item : value) {
                        JsonNode clean = element(name, type, item, keepAll);
                        if (clean != null) {
                            items.add(clean);
                        }
                    }
                    if (!items.isEmpty()) {
                        out.set(name, items);
                    }
                } else {
                    JsonNode clean = element(name, type, value, keepAll);
                    if (clean != null) {
                        out.set(name, clean);
                    }
                }
            }
            return out.isEmpty() ? null : out;
        }

        private JsonNode element(String name, String parentType, JsonNode value, boolean inheritedKeep) {
            String type = FhirTypes.typeOf(parentType, name, value);
            chain.push(name, type, value);
            try {
                PolicyRule rule = rules.match(chain);
                if (rule == null) {
                    boolean extensionOutsideKeptExtension = type.equals(FhirTypes.EXTENSION)
                            && !parentType.equals(FhirTypes.EXTENSION);
                    if (!inheritedKeep || extensionOutsideKeptExtension) {
                        context.label(SecurityLabel.REDACTED);
                        return null;
                    }
                    if (value.isTextual()) {
                        // No rule names this string safe: it is free text until a rule says otherwise.
                        return processors.get(Method.SCRUB_TEXT).apply(value, type, null, context);
                    }
                    return keep(value, type);
                }
                if (rule.method() == Method.KEEP) {
                    return keep(value, type);
                }
                return processors.get(rule.method()).apply(value, type, rule, context);
            } finally {
                chain.pop();
            }
        }

        private JsonNode keep(JsonNode value, String type) {
            if (value.isObject()) {
                return object(value, type, true, false);
            }
            return value;
        }
    }
}
