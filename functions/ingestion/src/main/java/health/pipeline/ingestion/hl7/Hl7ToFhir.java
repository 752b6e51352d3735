package health.pipeline.ingestion.hl7;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import health.pipeline.contracts.ReasonCode;
import health.pipeline.ingestion.formats.Rejection;
import health.pipeline.model.util.Hashes;

/**
 * Maps one HL7 v2 message (ADT A01/A04/A08, ORU R01; versions 2.3 to 2.8.1) to a FHIR R4 collection Bundle:
 * Patient from PID, Encounter from PV1, an Observation per OBX (LOINC coding when the coding system is {@code LN},
 * UCUM quantities, text values as valueString), NTE comments as Observation notes. Every version is parsed into the
 * 2.5.1 model, so one mapping serves all. Resource ids are derived from the message's bytes, so the same message
 * always gives the same Bundle.
 */
public final class Hl7ToFhir {
    /**
     * Versions read into the 2.5.1 model: older ones only lack fields; 2.6 to 2.8.1 add fields and components at the
     * end, which the 2.5.1 structures keep as extra data and the mapping does not read (issue 18, item 5). 2.8.2 and
     * later are versions HAPI 2.6.0 does not know, and it refuses them.
     */
    static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8",
            "2.8.1");
    static final Set<String> ADT_EVENTS = Set.of("A01", "A04", "A08");
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TS = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");

    private final PipeParser parser;

    public Hl7ToFhir() {
        HapiContext context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        this.parser = context.getPipeParser();
    }

    /** @param message one normalised message ({@code \r} after each segment, no MLLP bytes) */
    public ObjectNode map(String message) throws Rejection {
        String[] msh = message.substring(0, Math.max(0, message.indexOf('\r'))).split("\\|", -1);
        if (msh.length < 12 || msh[1].length() < 4) {
            throw new Rejection(ReasonCode.HL7_PARSE_ERROR, "the MSH segment is incomplete");
        }
        String componentSeparator = msh[1].substring(0, 1);
        String[] type = msh[8].split(Pattern.quote(componentSeparator), -1);
        String version = msh[11].split(Pattern.quote(componentSeparator), -1)[0];
        if (!VERSIONS.contains(version)) {
            throw new Rejection(ReasonCode.UNSUPPORTED_MESSAGE_TYPE, "HL7 version is not 2.3 to 2.8.1");
        }
        boolean adt = type.length > 1 && "ADT".equals(type[0]) && ADT_EVENTS.contains(type[1]);
        boolean oru = type.length > 1 && "ORU".equals(type[0]) && "R01".equals(type[1]);
        if (!adt && !oru) {
            throw new Rejection(ReasonCode.UNSUPPORTED_MESSAGE_TYPE, "message type is not ADT A01/A04/A08 or ORU R01");
        }
        Message parsed;
        try {
            // The structure is fixed by type: ADT A04/A08 share A01's structure, whatever MSH-9-3 says.
            String normalisedType = adt ? "ADT^" + type[1] + "^ADT_A01" : "ORU^R01^ORU_R01";
            int endOfMsh = message.indexOf('\r');
            msh[8] = normalisedType.replace("^", componentSeparator);
            String rebuilt = String.join("|", msh) + message.substring(endOfMsh);
            parsed = parser.parse(rebuilt);
        } catch (HL7Exception | RuntimeException e) {
            throw new Rejection(ReasonCode.HL7_PARSE_ERROR, "HAPI could not parse the message ("
                    + e.getClass().getSimpleName() + ")");
        }
        List<Segment> segments = new ArrayList<>();
        collect(parsed, segments);
        return new Mapping(Hashes.sha256Hex(message.getBytes(StandardCharsets.UTF_8)), field(segments.get(0), 7, 1))
                .map(segments);
    }

    private static void collect(Structure structure, List<Segment> into) throws Rejection {
        try {
            if (structure instanceof Segment segment) {
                if (!segment.isEmpty()) {
                    into.add(segment);
                }
            } else if (structure instanceof Group group) {
                for (String name : group.getNames()) {
                    for (Structure child : group.getAll(name)) {
                        collect(child, into);
                    }
                }
            }
        } catch (HL7Exception e) {
            throw new Rejection(ReasonCode.HL7_PARSE_ERROR, "the message structure could not be read");
        }
    }

    static String field(Segment segment, int field, int component) throws Rejection {
        return field(segment, field, 0, component, 1);
    }

    static String field(Segment segment, int field, int repetition, int component, int subcomponent) throws Rejection {
        try {
            if (repetition >= segment.getField(field).length) {
                return null;
            }
            String value = Terser.get(segment, field, repetition, component, subcomponent);
            return value == null || value.isBlank() ? null : value.strip();
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    static int repetitions(Segment segment, int field) {
        try {
            return segment.getField(field).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    /** Converts an HL7 TS/DTM value to a FHIR date (date only) or dateTime (with a zone, UTC when none is given). */
    static String dateTime(String value, boolean dateOnly) throws Rejection {
        Matcher m = TS.matcher(value);
        if (!m.matches()) {
            throw new Rejection(ReasonCode.INVALID_DATE, "an HL7 timestamp is not valid");
        }
        StringBuilder out = new StringBuilder(m.group(1));
        if (m.group(2) != null) {
            out.append('-').append(m.group(2));
            if (m.group(3) != null) {
                out.append('-').append(m.group(3));
            }
        }
        try {
            if (m.group(3) != null) {
                java.time.LocalDate.parse(out.toString());
            }
        } catch (java.time.DateTimeException e) {
            throw new Rejection(ReasonCode.INVALID_DATE, "an HL7 timestamp is not a calendar date");
        }
        if (dateOnly || m.group(4) == null) {
            return out.toString();
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        if (hour > 23 || minute > 59 || second > 59) {
            throw new Rejection(ReasonCode.INVALID_DATE, "an HL7 timestamp has an invalid time");
        }
        out.append(String.format("T%02d:%02d:%02d", hour, minute, second));
        String zone = m.group(8);
        out.append(zone == null ? "Z" : zone.substring(0, 3) + ":" + zone.substring(3));
        return out.toString();
    }

    /** The mapping of one message; holds the resources built so far. */
    private static final class Mapping {
        private final String messageHash;
        private final String messageTime;
        private final ObjectNode bundle = NODES.objectNode().put("resourceType", "Bundle").put("type", "collection");
        private final ArrayNode entries = bundle.putArray("entry");
        private int sequence;
        private String patientUrl;
        private String encounterUrl;
        private String orderTime;
        private ObjectNode lastObservation;
        private final List<String> pendingNotes = new ArrayList<>();

        Mapping(String messageHash, String messageTime) {
            this.messageHash = messageHash;
            this.messageTime = messageTime;
        }

        ObjectNode map(List<Segment> segments) throws Rejection {
            for (Segment segment : segments) {
                switch (segment.getName()) {
                    case "PID" -> patient(segment);
                    case "PV1" -> encounter(segment);
                    case "OBR" -> {
                        String observed = field(segment, 7, 1);
                        orderTime = observed == null ? null : dateTime(observed, false);
                        lastObservation = null;
                    }
                    case "OBX" -> observation(segment);
                    case "NTE" -> note(segment);
                    default -> {
                        // Other segments (EVN, PD1, NK1, AL1, DG1, ...) are not mapped yet.
                    }
                }
            }
            if (patientUrl == null) {
                throw new Rejection(ReasonCode.NO_PATIENT, "the HL7 message has no PID segment with an identifier");
            }
            if (!pendingNotes.isEmpty()) {
                ObjectNode notes = add("Observation");
                notes.put("status", "final");
                notes.putObject("code").put("text", "HL7 v2 note");
                notes.putObject("subject").put("reference", patientUrl);
                pendingNotes.forEach(text -> notes.withArray("note").addObject().put("text", text));
            }
            return bundle;
        }

        private ObjectNode add(String resourceType) {
            String id = UUID.nameUUIDFromBytes((messageHash + ":" + ++sequence).getBytes(StandardCharsets.UTF_8))
                    .toString();
            ObjectNode entry = entries.addObject().put("fullUrl", "urn:uuid:" + id);
            ObjectNode resource = entry.putObject("resource").put("resourceType", resourceType).put("id", id);
            return resource;
        }

        private void patient(Segment pid) throws Rejection {
            if (patientUrl != null) {
                return;
            }
            if (field(pid, 3, 1) == null) {
                throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT, "PID-3 (patient identifier) is empty");
            }
            ObjectNode patient = add("Patient");
            patientUrl = "urn:uuid:" + patient.get("id").asText();
            for (int i = 0; i < repetitions(pid, 3); i++) {
                String value = field(pid, 3, i, 1, 1);
                if (value == null) {
                    continue;
                }
                ObjectNode identifier = patient.withArray("identifier").addObject();
                String authority = field(pid, 3, i, 4, 1);
                identifier.put("system", "urn:hl7v2:assigning-authority:" + (authority == null ? "unknown"
                        : authority.replaceAll("[^A-Za-z0-9.-]", "_")));
                identifier.put("value", value);
                String typeCode = field(pid, 3, i, 5, 1);
                if (typeCode != null) {
                    identifier.putObject("type").withArray("coding").addObject()
                            .put("system", "http://terminology.hl7.org/CodeSystem/v2-0203").put("code", typeCode);
                }
            }
            for (int i = 0; i < repetitions(pid, 5); i++) {
                String family = field(pid, 5, i, 1, 1);
                String given = field(pid, 5, i, 2, 1);
                String middle = field(pid, 5, i, 3, 1);
                if (family == null && given == null) {
                    continue;
                }
                ObjectNode name = patient.withArray("name").addObject().put("use", i == 0 ? "official" : "usual");
                if (family != null) {
                    name.put("family", family);
                }
                if (given != null) {
                    name.withArray("given").add(given);
                }
                if (middle != null) {
                    name.withArray("given").add(middle);
                }
            }
            String birth = field(pid, 7, 1);
            if (birth != null) {
                patient.put("birthDate", dateTime(birth, true));
            }
            String sex = field(pid, 8, 1);
            if (sex != null) {
                patient.put("gender", switch (sex) {
                    case "M" -> "male";
                    case "F" -> "female";
                    case "O", "A", "N" -> "other";
                    default -> "unknown";
                });
            }
            for (int i = 0; i < repetitions(pid, 11); i++) {
                String line = field(pid, 11, i, 1, 1);
                String city = field(pid, 11, i, 3, 1);
                if (line == null && city == null) {
                    continue;
                }
                ObjectNode address = patient.withArray("address").addObject();
                if (line != null) {
                    address.withArray("line").add(line);
                }
                putIfPresent(address, "city", city);
                putIfPresent(address, "state", field(pid, 11, i, 4, 1));
                putIfPresent(address, "postalCode", field(pid, 11, i, 5, 1));
                putIfPresent(address, "country", field(pid, 11, i, 6, 1));
            }
            for (int i = 0; i < repetitions(pid, 13); i++) {
                String phone = field(pid, 13, i, 1, 1);
                if (phone != null) {
                    patient.withArray("telecom").addObject().put("system", "phone").put("value", phone)
                            .put("use", "home");
                }
            }
            String death = field(pid, 29, 1);
            if (death != null) {
                patient.put("deceasedDateTime", dateTime(death, false));
            }
        }

        private void encounter(Segment pv1) throws Rejection {
            if (encounterUrl != null || patientUrl == null) {
                return;
            }
            ObjectNode encounter = add("Encounter");
            encounterUrl = "urn:uuid:" + encounter.get("id").asText();
            String discharged = field(pv1, 45, 1);
            encounter.put("status", discharged == null ? "in-progress" : "finished");
            String patientClass = field(pv1, 2, 1);
            String[] actCode = switch (patientClass == null ? "" : patientClass) {
                case "I" -> new String[] {"IMP", "inpatient encounter"};
                case "E" -> new String[] {"EMER", "emergency"};
                case "P" -> new String[] {"PRENC", "pre-admission"};
                default -> new String[] {"AMB", "ambulatory"};
            };
            encounter.putObject("class").put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
                    .put("code", actCode[0]).put("display", actCode[1]);
            encounter.putObject("subject").put("reference", patientUrl);
            String visit = field(pv1, 19, 1);
            if (visit != null) {
                encounter.withArray("identifier").addObject().put("system", "urn:hl7v2:visit-number")
                        .put("value", visit);
            }
            String admitted = field(pv1, 44, 1);
            if (admitted != null || discharged != null) {
                ObjectNode period = encounter.putObject("period");
                if (admitted != null) {
                    period.put("start", dateTime(admitted, false));
                }
                if (discharged != null) {
                    period.put("end", dateTime(discharged, false));
                }
            }
            List<String> location = new ArrayList<>();
            for (int component : new int[] {4, 1, 2, 3}) {
                String part = field(pv1, 3, component);
                if (part != null) {
                    location.add(part);
                }
            }
            if (!location.isEmpty()) {
                encounter.withArray("location").addObject().putObject("location")
                        .put("display", String.join(" ", location));
            }
        }

        private void observation(Segment obx) throws Rejection {
            if (patientUrl == null) {
                throw new Rejection(ReasonCode.NO_PATIENT, "an OBX segment comes before any PID");
            }
            ObjectNode observation = add("Observation");
            String status = field(obx, 11, 1);
            observation.put("status", switch (status == null ? "" : status) {
                case "F" -> "final";
                case "C" -> "corrected";
                case "P", "R", "S" -> "preliminary";
                case "X" -> "cancelled";
                case "W" -> "entered-in-error";
                default -> "unknown";
            });
            ObjectNode code = observation.putObject("code");
            String identifier = field(obx, 3, 1);
            String text = field(obx, 3, 2);
            String system = field(obx, 3, 3);
            if (identifier == null && text == null) {
                throw new Rejection(ReasonCode.MISSING_REQUIRED_ELEMENT, "OBX-3 (observation identifier) is empty");
            }
            if (identifier != null) {
                ObjectNode coding = code.withArray("coding").addObject();
                if ("LN".equals(system)) {
                    coding.put("system", LOINC);
                }
                coding.put("code", identifier);
                if (text != null) {
                    coding.put("display", text);
                }
            }
            if (text != null) {
                code.put("text", text);
            }
            observation.putObject("subject").put("reference", patientUrl);
            if (encounterUrl != null) {
                observation.putObject("encounter").put("reference", encounterUrl);
            }
            String observed = field(obx, 14, 1);
            String effective = observed != null ? dateTime(observed, false) : orderTime;
            if (effective == null && messageTime != null) {
                effective = dateTime(messageTime, false);
            }
            if (effective != null) {
                observation.put("effectiveDateTime", effective);
            }
            value(obx, observation);
            lastObservation = observation;
            pendingNotes.forEach(note -> observation.withArray("note").addObject().put("text", note));
            pendingNotes.clear();
        }

        private void value(Segment obx, ObjectNode observation) throws Rejection {
            String valueType = field(obx, 2, 1);
            String first = field(obx, 5, 1);
            if (first == null) {
                return;
            }
            switch (valueType == null ? "ST" : valueType) {
                case "NM", "SN" -> {
                    BigDecimal number;
                    try {
                        number = new BigDecimal("SN".equals(valueType) ? field(obx, 5, 2) : first);
                    } catch (NumberFormatException | NullPointerException e) {
                        throw new Rejection(ReasonCode.HL7_PARSE_ERROR, "an OBX numeric value is not a number");
                    }
                    ObjectNode quantity = observation.putObject("valueQuantity").put("value", number);
                    String unit = field(obx, 6, 1);
                    if (unit != null) {
                        quantity.put("unit", unit);
                        String unitSystem = field(obx, 6, 3);
                        if (unitSystem == null || "UCUM".equalsIgnoreCase(unitSystem)) {
                            quantity.put("system", UCUM).put("code", unit);
                        }
                    }
                }
                case "CE", "CWE" -> {
                    ObjectNode concept = observation.putObject("valueCodeableConcept");
                    String label = field(obx, 5, 2);
                    concept.withArray("coding").addObject().put("code", first);
                    if (label != null) {
                        concept.put("text", label);
                    }
                }
                case "TS", "DT", "DTM" -> observation.put("valueDateTime", dateTime(first, "DT".equals(valueType)));
                default -> {
                    // ST, TX, FT and anything textual: the repetitions of OBX-5 joined as lines.
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < repetitions(obx, 5); i++) {
                        String line = field(obx, 5, i, 1, 1);
                        lines.add(line == null ? "" : line);
                    }
                    observation.put("valueString", String.join("\n", lines));
                }
            }
        }

        private void note(Segment nte) throws Rejection {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < repetitions(nte, 3); i++) {
                String line = field(nte, 3, i, 1, 1);
                if (line != null) {
                    lines.add(line);
                }
            }
            if (lines.isEmpty()) {
                return;
            }
            String text = String.join("\n", lines);
            if (lastObservation != null) {
                lastObservation.withArray("note").addObject().put("text", text);
            } else {
                pendingNotes.add(text);
            }
        }

        private static void putIfPresent(ObjectNode node, String name, String value) {
            if (value != null) {
                node.put(name, value);
            }
        }
    }
}
