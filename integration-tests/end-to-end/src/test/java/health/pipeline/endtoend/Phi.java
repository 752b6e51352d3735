package health.pipeline.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The direct identifiers in the input files: what must never appear downstream. Read from every Patient in FHIR
 * Bundles and NDJSON, from every PID segment of HL7 v2 files, and from a corpus's list of planted strings.
 */
final class Phi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Decompressing more than this of one input is a bomb, not a sample. */
    private static final int MAX_SAMPLE_BYTES = 64 * 1024 * 1024;

    private Phi() {
    }

    static Set<String> directIdentifiers(List<Path> inputs, Path samples) throws IOException {
        Set<String> identifiers = new TreeSet<>();
        for (Path input : inputs) {
            String name = input.getFileName().toString();
            String text = read(input);
            if (text == null) {
                continue;
            }
            if (name.endsWith(".hl7")) {
                fromHl7(text, identifiers);
            } else if (name.contains(".ndjson")) {
                for (String line : text.split("\n")) {
                    try {
                        fromPatient(JSON.readTree(line), identifiers);
                    } catch (IOException e) {
                        // a deliberately broken line: it is quarantined, never de-identified
                    }
                }
            } else {
                try {
                    JsonNode root = JSON.readTree(text);
                    for (JsonNode entry : root.path("entry")) {
                        fromPatient(entry.path("resource"), identifiers);
                    }
                } catch (IOException e) {
                    // unreadable inputs are quarantined whole
                }
            }
        }
        try (var planted = Files.find(samples, 3, (p, a) -> p.getFileName().toString().equals("_planted-strings.json"))) {
            for (Path file : planted.toList()) {
                JSON.readTree(file.toFile()).path("strings").forEach(s -> add(identifiers, s.asText()));
            }
        }
        return identifiers;
    }

    private static String read(Path input) throws IOException {
        try (InputStream raw = Files.newInputStream(input);
                InputStream in = input.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            byte[] bytes = in.readNBytes(MAX_SAMPLE_BYTES + 1);
            return bytes.length > MAX_SAMPLE_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (java.util.zip.ZipException e) {
            return null;
        }
    }

    private static void fromPatient(JsonNode patient, Set<String> identifiers) {
        if (!"Patient".equals(patient.path("resourceType").asText())) {
            return;
        }
        for (JsonNode name : patient.path("name")) {
            add(identifiers, name.path("family").asText());
            name.path("given").forEach(g -> add(identifiers, g.asText()));
        }
        patient.path("identifier").forEach(i -> add(identifiers, i.path("value").asText()));
        patient.path("telecom").forEach(t -> add(identifiers, t.path("value").asText()));
        for (JsonNode address : patient.path("address")) {
            address.path("line").forEach(l -> add(identifiers, l.asText()));
            add(identifiers, address.path("city").asText());
            String zip = address.path("postalCode").asText();
            if (zip.length() >= 5) {
                add(identifiers, zip);
            }
        }
        add(identifiers, patient.path("birthDate").asText());
        add(identifiers, patient.path("id").asText());
    }

    /** PID-3 identifiers, PID-5 names, PID-7 birth date, PID-11 address, PID-13/14 phones, PID-19 SSN. */
    private static void fromHl7(String text, Set<String> identifiers) {
        for (String segment : text.split("[\r\n\u000b\u001c]+")) {
            if (!segment.startsWith("PID|")) {
                continue;
            }
            String[] fields = segment.split("\\|", -1);
            for (int field : new int[] { 3, 5, 11, 13, 14, 19 }) {
                if (field < fields.length) {
                    for (String repetition : fields[field].split("~")) {
                        String[] components = repetition.split("\\^");
                        int parts = field == 3 ? 1 : components.length; // PID-3: the id, not its authority
                        for (int c = 0; c < parts; c++) {
                            add(identifiers, components[c]);
                        }
                    }
                }
            }
            if (fields.length > 7 && fields[7].length() >= 8) {
                String birth = fields[7].substring(0, 8);
                add(identifiers, birth.substring(0, 4) + "-" + birth.substring(4, 6) + "-" + birth.substring(6, 8));
                add(identifiers, birth);
            }
        }
    }

    private static void add(Set<String> identifiers, String value) {
        // Short tokens ("MA", "Jo") would match innocent text; every patient has longer identifiers to look for.
        if (value != null && value.trim().length() >= 5) {
            identifiers.add(value.trim());
        }
    }

    /**
     * The identifiers found in a file's text, as whole tokens: "05301" inside a nanosecond timestamp or a hash is not
     * a ZIP code, while "Ingrid" before a bracket or a space is a name.
     */
    static Set<String> foundIn(Path file, Set<String> identifiers) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Set<String> found = new TreeSet<>();
        for (String identifier : identifiers) {
            if (text.contains(identifier) && java.util.regex.Pattern
                    .compile("(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(identifier) + "(?![A-Za-z0-9])")
                    .matcher(text).find()) {
                found.add(identifier);
            }
        }
        return found;
    }
}
