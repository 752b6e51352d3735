package health.pipeline.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The direct identifiers of every Patient in the input files: what must never appear downstream. */
final class Phi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Phi() {
    }

    static Set<String> directIdentifiers(List<Path> inputs) throws IOException {
        Set<String> identifiers = new TreeSet<>();
        for (Path input : inputs) {
            JsonNode root;
            try {
                root = JSON.readTree(input.toFile());
            } catch (IOException e) {
                continue; // unreadable inputs are quarantined whole; their content is checked elsewhere
            }
            for (JsonNode entry : root.path("entry")) {
                JsonNode patient = entry.path("resource");
                if (!"Patient".equals(patient.path("resourceType").asText())) {
                    continue;
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
        }
        return identifiers;
    }

    private static void add(Set<String> identifiers, String value) {
        // Short tokens ("MA", "Jo") would match innocent text; every patient has longer identifiers to look for.
        if (value != null && value.length() >= 5) {
            identifiers.add(value);
        }
    }

    /** The identifiers found in a file's text. */
    static Set<String> foundIn(Path file, Set<String> identifiers) throws IOException {
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        Set<String> found = new TreeSet<>();
        for (String identifier : identifiers) {
            if (text.contains(identifier)) {
                found.add(identifier);
            }
        }
        return found;
    }
}
