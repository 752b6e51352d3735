package health.pipeline.ingestion.fhir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;

import health.pipeline.ingestion.formats.Rejection;
import health.pipeline.model.fhir.PatientRecords;

/**
 * The fast path of {@link BundleReader} for a Bundle that ingests: parsed entry by entry, each entry's tree is
 * validated (collecting its references in the same walk), indexed, serialised once and dropped. The whole Bundle is
 * never one tree: a 5 MB Bundle's tree took over 100 MB of heap and, kept alive through validation, splitting and
 * serialisation, was copied by most young collections (docs/benchmarks/ingestion.md). Records are then assembled from the serialised resources,
 * byte for byte what {@code PatientRecords.split} followed by {@code toString()} gives.
 *
 * <p>It only ever accepts. On anything the whole-tree read could reject (malformed JSON, a duplicate key, trailing
 * tokens, an invalid resource, an unresolved reference, no Patient) or an unusual shape ({@code entry} not an array),
 * it declines and {@link BundleReader} reads the Bundle whole, so rejections keep their reason code, message and line.
 */
final class StreamedBundle {
    private static final byte[] RECORD_START = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENTRY_START = "{".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FULL_URL = "\"fullUrl\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESOURCE = "\"resource\":".getBytes(StandardCharsets.UTF_8);

    /** What the records need of one entry once its tree is gone. */
    private record Entry(PatientRecords.EntryLinks links, byte[] fullUrlJson, byte[] resourceJson) {
    }

    private StreamedBundle() {
    }

    /** The records of the Bundle, or null when the whole-tree read must decide. */
    static List<SerializedRecord> read(FhirJson json, ResourceValidator validator, byte[] content, int length) {
        try (JsonParser parser = json.parser(content, 0, length)) {
            List<Entry> entries = entries(json, validator, parser);
            return entries == null ? null : records(entries);
        } catch (IOException | Rejection | RuntimeException e) {
            // The whole-tree read gives the rejection (or, for a parser quirk, its own outcome). A rejected Bundle is
            // thus parsed up to twice; rejections are rare and the first parse stops at the fault.
            return null;
        }
    }

    private static List<Entry> entries(FhirJson json, ResourceValidator validator, JsonParser parser)
            throws IOException, Rejection {
        ObjectReader reader = json.valueReader();
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Set<String> names = new HashSet<>();
        JsonNode resourceType = MissingNode.getInstance();
        JsonNode type = MissingNode.getInstance();
        List<Entry> entries = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (!names.add(name)) {
                return null;
            }
            JsonToken value = parser.nextToken();
            if (name.equals("entry")) {
                if (value != JsonToken.START_ARRAY) {
                    return null;
                }
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    Entry entry = token == null ? null : entry(reader.readTree(parser), json, validator);
                    if (entry == null) {
                        return null;
                    }
                    entries.add(entry);
                }
            } else {
                // Read as a tree, not skipped: the tree read is what rejects duplicate keys inside it.
                JsonNode node = reader.readTree(parser);
                resourceType = name.equals("resourceType") ? node : resourceType;
                type = name.equals("type") ? node : type;
            }
        }
        if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
            return null;
        }
        if (!"Bundle".equals(resourceType.asText()) || !BundleReader.ACCEPTED_TYPES.contains(type.asText())) {
            return null;
        }
        return entries;
    }

    private static Entry entry(JsonNode entry, FhirJson json, ResourceValidator validator) throws Rejection {
        JsonNode resource = entry.path("resource");
        if (!resource.isObject()) {
            return null;
        }
        Set<String> references = new LinkedHashSet<>();
        validator.validate(resource, references);
        byte[] fullUrl = entry.hasNonNull("fullUrl") ? json.write(TextNode.valueOf(entry.get("fullUrl").asText()))
                : null;
        return new Entry(new PatientRecords.EntryLinks(PatientRecords.entryKeys(entry),
                PatientRecords.isPatient(resource), references), fullUrl, json.write(resource));
    }

    private static List<SerializedRecord> records(List<Entry> entries) {
        List<PatientRecords.EntryLinks> links = entries.stream().map(Entry::links).toList();
        // One index serves both the resolution check and the split.
        Map<String, Integer> byKey = PatientRecords.keyIndex(links);
        for (PatientRecords.EntryLinks entry : links) {
            for (String reference : entry.references()) {
                if (BundleReader.mustResolve(reference) && !byKey.containsKey(reference)) {
                    return null;
                }
            }
        }
        List<SerializedRecord> records = new ArrayList<>();
        for (PatientRecords.Membership membership : PatientRecords.memberships(links, byKey)) {
            records.add(new SerializedRecord(render(membership, entries), membership.members().size()));
        }
        return records.isEmpty() ? null : records;
    }

    /** The record's JSON as Jackson writes the record's tree: compact, fullUrl before resource. */
    private static byte[] render(PatientRecords.Membership membership, List<Entry> entries) {
        List<Entry> members = membership.members().stream().map(entries::get).toList();
        int length = RECORD_START.length + members.size() + 1; // the commas and "]}"
        for (Entry entry : members) {
            length += ENTRY_START.length + RESOURCE.length + entry.resourceJson().length + 1;
            length += entry.fullUrlJson() == null ? 0 : FULL_URL.length + entry.fullUrlJson().length + 1;
        }
        ByteBuffer out = ByteBuffer.allocate(length).put(RECORD_START);
        for (int i = 0; i < members.size(); i++) {
            Entry entry = members.get(i);
            if (i > 0) {
                out.put((byte) ',');
            }
            out.put(ENTRY_START);
            if (entry.fullUrlJson() != null) {
                out.put(FULL_URL).put(entry.fullUrlJson()).put((byte) ',');
            }
            out.put(RESOURCE).put(entry.resourceJson()).put((byte) '}');
        }
        return out.put((byte) ']').put((byte) '}').array();
    }
}
