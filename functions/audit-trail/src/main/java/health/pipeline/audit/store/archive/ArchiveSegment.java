package health.pipeline.audit.store.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.util.Hashes;

/**
 * One retention segment of the audit archive (docs/adr/0043): a contiguous run of entries as JSON Lines, every
 * column needed to re-check the chain (entry, previous hash, hash), named by its first and last sequence, with its
 * SHA-256 recorded beside it in {@code audit_archive_segment}. The format lives here, once, for the writer that
 * archives and for the verifier that re-reads.
 */
public record ArchiveSegment(long firstSequence, long lastSequence, byte[] content, String sha256) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CONTENT_TYPE = "application/x-ndjson";
    /** Six years (45 CFR 164.316(b)(2), 164.528) plus two leap days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(6 * 365 + 2);

    /** An entry as it is archived: its columns, nothing derived. */
    public record Row(long sequence, String eventId, Instant occurredAt, Instant recordedAt, String entry,
            String previousHash, String hash) {

        String toLine() {
            ObjectNode line = JSON.createObjectNode();
            line.put("sequence", sequence);
            line.put("eventId", eventId);
            line.put("occurredAt", occurredAt.toString());
            line.put("recordedAt", recordedAt.toString());
            line.put("entry", entry);
            line.put("previousHash", previousHash);
            line.put("hash", hash);
            return line.toString();
        }

        /** @throws IOException when the line is not a row as {@link #toLine} writes it */
        static Row ofLine(String line) throws IOException {
            JsonNode json = JSON.readTree(line);
            if (json == null || !json.path("sequence").canConvertToLong()) {
                throw new IOException("not a segment row: sequence is missing");
            }
            try {
                return new Row(json.path("sequence").asLong(), text(json, "eventId"),
                        Instant.parse(text(json, "occurredAt")), Instant.parse(text(json, "recordedAt")),
                        text(json, "entry"), text(json, "previousHash"), text(json, "hash"));
            } catch (DateTimeParseException e) {
                throw new IOException("not a segment row: a time is not ISO-8601");
            }
        }

        private static String text(JsonNode json, String field) throws IOException {
            JsonNode value = json.get(field);
            if (value == null || !value.isTextual()) {
                throw new IOException("not a segment row: " + field + " is missing");
            }
            return value.textValue();
        }
    }

    /** The next run of entries to archive, or null when every entry past retention is archived. */
    public record Range(long first, long last) {
        /**
         * @param archivedUpTo last sequence already archived (0 when none)
         * @param lastDue      last sequence recorded before the retention cut-off (0 when none)
         */
        public static Range next(long archivedUpTo, long lastDue, int segmentEntries) {
            return lastDue <= archivedUpTo ? null
                    : new Range(archivedUpTo + 1, Math.min(lastDue, archivedUpTo + segmentEntries));
        }
    }

    /**
     * @throws IllegalStateException when the rows are not exactly the range's entries in order: the trail has a gap,
     *                               so it must be verified before anything is archived
     */
    public static ArchiveSegment of(Range range, List<Row> rows) {
        StringBuilder lines = new StringBuilder();
        long expected = range.first();
        for (Row row : rows) {
            if (row.sequence() != expected) {
                break;
            }
            lines.append(row.toLine()).append('\n');
            expected++;
        }
        if (expected != range.last() + 1 || rows.size() != range.last() - range.first() + 1) {
            throw new IllegalStateException("entries " + range.first() + " to " + range.last()
                    + " are not contiguous: verify the trail before archiving");
        }
        byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
        return new ArchiveSegment(range.first(), range.last(), content, Hashes.sha256Hex(content));
    }

    /** The rows of a segment's content, in the order it holds them. */
    public static List<Row> rows(byte[] content) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            rows.add(Row.ofLine(line));
        }
        return rows;
    }

    public long entries() {
        return lastSequence - firstSequence + 1;
    }

    public String objectKey() {
        return String.format("segments/%020d-%020d.jsonl", firstSequence, lastSequence);
    }

    /** Object metadata that lets an auditor check a segment without the database. */
    public Map<String, String> metadata() {
        return Map.of("first-sequence", Long.toString(firstSequence), "last-sequence", Long.toString(lastSequence),
                "sha256", sha256);
    }
}
