package health.pipeline.deidentification.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.deidentification.fhir.FhirTypes;

/**
 * Reads and validates a policy file (JSON). Every problem is a {@link PolicyException} with a stable code, raised
 * at start-up so that a bad policy never processes a record.
 *
 * <p>A policy names its data files (the restricted ZIP3 list) relative to itself: next to it on the classpath
 * ({@code policies/}) or in the same directory when loaded from the file system.
 */
public final class PolicyLoader {
    public static final String CLASSPATH_DIRECTORY = "policies/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern ZIP3 = Pattern.compile("\\d{3}");
    private static final Pattern PURPOSE = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
    /** A workforce role as the identity provider's groups claim names it (also an audit detail value). */
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** What re-identification may disclose: name, birthDate, or identifiers of one HL7 v2-0203 type. */
    private static final Pattern DISCLOSURE = Pattern.compile("name|birthDate|identifier:[A-Z]{1,8}");
    private static final Set<String> TOP_LEVEL = Set.of("policyVersion", "description", "resourceTypes", "dateShift",
            "ages", "zip3", "reidentification", "freeText", "safeStrings", "rules");
    private static final Set<String> SAFE_STRING_FIELDS = Set.of("path", "kind", "comment");
    /** Why a string element may pass unscrubbed: its value is drawn from a code system, an id space or a URI space. */
    private static final Set<String> SAFE_STRING_KINDS = Set.of("code", "id", "uri", "mimeType", "language", "version");
    /**
     * Element names that hold human-written text in FHIR R4 wherever they sit: never structurally safe, whatever a
     * policy says (a rule must scrub or remove them).
     */
    private static final Set<String> FREE_TEXT_NAMES = Set.of("text", "display", "description", "comment", "note",
            "title", "name", "label", "summary", "conclusion", "instruction", "patientInstruction", "div", "unit",
            "alias", "detail", "statusReason", "reasonCode", "outcome", "purpose", "usage", "requirements");
    private static final Set<String> RULE_FIELDS = Set.of("path", "type", "method", "to", "value", "comment");
    private static final Set<String> GENERALIZATIONS = Set.of("zip3", "year", "age");
    private static final Set<String> TEXT_TYPES = Set.of("string", "markdown", "Narrative", "Annotation", "Attachment");

    private PolicyLoader() {
    }

    /** Loads {@code policies/<name>} from the classpath, or a file when {@code location} is a path that exists. */
    public static DeidentificationPolicy load(String location) {
        Path file = Path.of(location);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                Path directory = file.toAbsolutePath().getParent();
                return parse(in, name -> open(directory.resolve(name)));
            } catch (IOException e) {
                throw new PolicyException("unreadable", "policy file cannot be read: " + file.getFileName());
            }
        }
        InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream(CLASSPATH_DIRECTORY + location);
        if (in == null) {
            throw new PolicyException("not-found", "no policy " + location + " on the classpath or file system");
        }
        try (in) {
            return parse(in, name -> PolicyLoader.class.getClassLoader().getResourceAsStream(CLASSPATH_DIRECTORY + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Path path) {
        try {
            return Files.isRegularFile(path) ? Files.newInputStream(path) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @param dataFiles opens a data file named by the policy; returns {@code null} when it does not exist */
    public static DeidentificationPolicy parse(InputStream policy, Function<String, InputStream> dataFiles) {
        JsonNode root;
        try {
            root = JSON.readTree(policy);
        } catch (IOException e) {
            throw new PolicyException("not-json", "the policy is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException("not-json", "the policy must be a JSON object");
        }
        unknownFields(root, TOP_LEVEL, "policy");
        String version = requiredText(root, "policyVersion", "policy");
        if (!VERSION.matcher(version).matches()) {
            throw new PolicyException("invalid-version", "policyVersion must match " + VERSION.pattern());
        }
        Set<String> resourceTypes = new LinkedHashSet<>();
        for (JsonNode type : requiredArray(root, "resourceTypes")) {
            if (!type.isTextual() || !RESOURCE_TYPE.matcher(type.asText()).matches()) {
                throw new PolicyException("invalid-resource-type", "resourceTypes holds a value that is not a resource type name");
            }
            resourceTypes.add(type.asText());
        }
        if (!resourceTypes.contains("Patient")) {
            throw new PolicyException("patient-not-kept", "resourceTypes must include Patient: records are keyed by it");
        }
        int maxShiftDays = boundedInt(root.path("dateShift"), "maxDays", 1, 3650, "dateShift");
        int oldestAge = boundedInt(root.path("ages"), "aggregateAbove", 1, 150, "ages");
        Set<String> restricted = restrictedZip3(root.path("zip3"), dataFiles);
        JsonNode reidentification = root.path("reidentification");
        Map<String, Set<String>> roles = disclosures(reidentification.path("roles"));
        Set<String> purposes = textSet(reidentification, "purposes", "reidentification", PURPOSE);
        FreeTextDates freeTextDates = freeTextDates(root.path("freeText"));
        List<PolicyRule> rules = new ArrayList<>(rules(requiredArray(root, "rules")));
        rules.addAll(safeStrings(root.path("safeStrings"), rules.size()));
        return new DeidentificationPolicy(version, Set.copyOf(resourceTypes), List.copyOf(rules), maxShiftDays, oldestAge,
                restricted, roles, purposes, freeTextDates);
    }

    private static FreeTextDates freeTextDates(JsonNode freeText) {
        if (!freeText.isObject()) {
            throw new PolicyException("missing-field", "policy needs freeText.dates (shift or replace)");
        }
        unknownFields(freeText, Set.of("dates", "comment"), "freeText");
        return switch (freeText.path("dates").asText("")) {
            case "shift" -> FreeTextDates.SHIFT;
            case "replace" -> FreeTextDates.REPLACE;
            default -> throw new PolicyException("invalid-free-text-dates", "freeText.dates must be shift or replace");
        };
    }

    private static List<PolicyRule> rules(JsonNode array) {
        List<PolicyRule> rules = new ArrayList<>();
        Set<String> selectors = new HashSet<>();
        int order = 0;
        for (JsonNode node : array) {
            String where = "rules[" + order + "]";
            if (!node.isObject()) {
                throw new PolicyException("invalid-rule", where + " is not an object");
            }
            unknownFields(node, RULE_FIELDS, where);
            boolean hasPath = node.has("path");
            boolean hasType = node.has("type");
            if (hasPath == hasType) {
                throw new PolicyException("invalid-selector", where + " needs exactly one of path or type");
            }
            String methodName = requiredText(node, "method", where);
            Method method = Method.fromPolicyName(methodName);
            if (method == null) {
                throw new PolicyException("unknown-method", where + " has an unknown method");
            }
            ElementPath path = null;
            String type = null;
            if (hasPath) {
                try {
                    path = ElementPath.parse(requiredText(node, "path", where));
                } catch (PolicyException e) {
                    throw new PolicyException(e.code(), where + ": " + e.getMessage());
                }
            } else {
                type = requiredText(node, "type", where);
                if (!FhirTypes.SELECTABLE.contains(type)) {
                    throw new PolicyException("unknown-type", where + " selects an unsupported data type");
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (node.has("to")) {
                params.put("to", requiredText(node, "to", where));
            }
            if (node.has("value")) {
                params.put("value", requiredText(node, "value", where));
            }
            checkParameters(where, method, type, params);
            String selector = hasPath ? path.toString() : "type:" + type;
            if (!selectors.add(selector)) {
                throw new PolicyException("duplicate-selector", where + " repeats a selector; only the first would apply");
            }
            rules.add(new PolicyRule(order++, path, type, method, Map.copyOf(params)));
        }
        if (rules.isEmpty()) {
            throw new PolicyException("no-rules", "a policy without rules would drop everything");
        }
        return List.copyOf(rules);
    }

    /**
     * {@code safeStrings}: the string elements of kept resources that pass unscrubbed, each with the kind of value
     * that makes it structurally safe. They become {@code keep} rules after the policy's own rules (which therefore
     * win); every other string of a kept resource is scrubbed as free text (ADR 0082).
     */
    private static List<PolicyRule> safeStrings(JsonNode array, int firstOrder) {
        if (array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new PolicyException("invalid-safe-string", "safeStrings must be an array");
        }
        List<PolicyRule> rules = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        int order = firstOrder;
        for (JsonNode node : array) {
            String where = "safeStrings[" + (order - firstOrder) + "]";
            if (!node.isObject()) {
                throw new PolicyException("invalid-safe-string", where + " is not an object");
            }
            unknownFields(node, SAFE_STRING_FIELDS, where);
            String kind = requiredText(node, "kind", where);
            if (!SAFE_STRING_KINDS.contains(kind)) {
                throw new PolicyException("invalid-safe-string", where + " needs kind: one of " + SAFE_STRING_KINDS);
            }
            ElementPath path;
            try {
                path = ElementPath.parse(requiredText(node, "path", where));
            } catch (PolicyException e) {
                throw new PolicyException(e.code(), where + ": " + e.getMessage());
            }
            String last = path.lastName();
            if (last == null || path.lastIsChoice() || !paths.add(path.toString())) {
                throw new PolicyException("invalid-safe-string", where + " must name one element, once");
            }
            String choice = FhirTypes.choiceType(last);
            if (FREE_TEXT_NAMES.contains(last) || "string".equals(choice) || "markdown".equals(choice)) {
                throw new PolicyException("free-text-named-safe", where + " names an element that holds free text");
            }
            rules.add(new PolicyRule(order++, path, null, Method.KEEP, Map.of("kind", kind)));
        }
        return rules;
    }

    private static void checkParameters(String where, Method method, String type, Map<String, String> params) {
        switch (method) {
            case GENERALIZE -> {
                String to = params.get("to");
                if (to == null || !GENERALIZATIONS.contains(to)) {
                    throw new PolicyException("invalid-generalization", where + " needs to: one of " + GENERALIZATIONS);
                }
                if (type != null && !compatible(to, type)) {
                    throw new PolicyException("method-type-mismatch", where + " cannot generalize " + type + " to " + to);
                }
            }
            case SUBSTITUTE -> {
                if (params.get("value") == null) {
                    throw new PolicyException("missing-value", where + " substitute needs a value");
                }
            }
            case DATE_SHIFT -> {
                if (type != null && !FhirTypes.isTemporal(type) && !type.equals("Period")) {
                    throw new PolicyException("method-type-mismatch", where + " dateShift selects a type that is no date");
                }
            }
            case SCRUB_TEXT -> {
                if (type != null && !TEXT_TYPES.contains(type)) {
                    throw new PolicyException("method-type-mismatch", where + " scrubText selects a type without text");
                }
            }
            default -> {
            }
        }
        if (method != Method.GENERALIZE && params.containsKey("to")) {
            throw new PolicyException("unexpected-parameter", where + " has 'to' but is not generalize");
        }
        if (method != Method.SUBSTITUTE && params.containsKey("value")) {
            throw new PolicyException("unexpected-parameter", where + " has 'value' but is not substitute");
        }
    }

    private static boolean compatible(String to, String type) {
        return switch (to) {
            case "zip3" -> type.equals("Address");
            case "year" -> FhirTypes.isTemporal(type);
            default -> type.equals("Age");
        };
    }

    private static Set<String> restrictedZip3(JsonNode zip3, Function<String, InputStream> dataFiles) {
        String name = requiredText(zip3, "restrictedList", "zip3");
        InputStream in = dataFiles.apply(name);
        if (in == null) {
            throw new PolicyException("missing-data-file", "zip3.restrictedList names a file that does not exist");
        }
        Set<String> prefixes = new LinkedHashSet<>();
        try (in) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                if (!ZIP3.matcher(entry).matches()) {
                    throw new PolicyException("invalid-zip3", "the restricted ZIP3 list holds a line that is not 3 digits");
                }
                prefixes.add(entry);
            }
        } catch (IOException e) {
            throw new PolicyException("missing-data-file", "the restricted ZIP3 list cannot be read");
        }
        return Set.copyOf(prefixes);
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new PolicyException("unknown-field", where + " has an unknown field '" + name + "'");
            }
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new PolicyException("missing-field", where + "." + field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static JsonNode requiredArray(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw new PolicyException("missing-field", field + " must be an array");
        }
        return value;
    }

    private static int boundedInt(JsonNode node, String field, int min, int max, String where) {
        JsonNode value = node.path(field);
        if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
            throw new PolicyException("out-of-range", where + "." + field + " must be an integer in [" + min + ", " + max + "]");
        }
        return value.asInt();
    }

    /** reidentification.roles: role name to the non-empty list of what the role is shown. */
    private static Map<String, Set<String>> disclosures(JsonNode roles) {
        if (!roles.isObject() || roles.isEmpty()) {
            throw new PolicyException("missing-field", "reidentification.roles must be an object of role to disclosures");
        }
        Map<String, Set<String>> disclosures = new java.util.LinkedHashMap<>();
        for (var role : (Iterable<Map.Entry<String, JsonNode>>) roles::fields) {
            if (!ROLE.matcher(role.getKey()).matches()) {
                throw new PolicyException("invalid-value", "reidentification.roles holds an invalid role name");
            }
            Set<String> shown = textSet(roles, role.getKey(), "reidentification.roles", DISCLOSURE);
            disclosures.put(role.getKey(), shown);
        }
        return Map.copyOf(disclosures);
    }

    private static Set<String> textSet(JsonNode node, String field, String where, Pattern pattern) {
        JsonNode array = node.path(field);
        if (!array.isArray() || array.isEmpty()) {
            throw new PolicyException("missing-field", where + "." + field + " must be a non-empty array");
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode value : array) {
            if (!value.isTextual() || value.asText().isBlank() || (pattern != null && !pattern.matcher(value.asText()).matches())) {
                throw new PolicyException("invalid-value", where + "." + field + " holds an invalid entry");
            }
            values.add(value.asText());
        }
        return Set.copyOf(values);
    }
}
