package health.pipeline.audit.store.archive;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;

/**
 * Retention: entries recorded longer ago than the retention period are copied, in sequence order and with their
 * hashes, into JSON Lines segments in the audit archive (S3 Object Lock, compliance mode, at least six years), and
 * each segment is recorded in {@code audit_archive_segment}. Nothing is deleted: the application role cannot, and
 * the trigger refuses. Removing archived entries from the database is a separate, deliberate operation of the
 * schema owner (docs/adr/0043-retention-archive.md), never a side effect of this class.
 */
public final class RetentionArchiver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore archive;
    private final String bucket;
    private final Duration retention;
    private final int segmentEntries;
    private final Clock clock;

    public RetentionArchiver(ObjectStore archive, String bucket, Duration retention, int segmentEntries, Clock clock) {
        this.archive = archive;
        this.bucket = bucket;
        this.retention = retention;
        this.segmentEntries = segmentEntries;
        this.clock = clock;
    }

    /** A segment written to the archive. */
    public record Segment(long firstSequence, long lastSequence, String sha256, String objectKey) {
    }

    /** Archives every complete run of entries past retention not archived yet; returns the segments written. */
    public List<Segment> archivePastRetention(Connection connection) throws SQLException {
        List<Segment> written = new ArrayList<>();
        Segment segment;
        while ((segment = nextSegment(connection)) != null) {
            written.add(segment);
        }
        return written;
    }

    private Segment nextSegment(Connection connection) throws SQLException {
        Instant cutoff = clock.instant().minus(retention);
        long archivedUpTo;
        long lastDue;
        try (var statement = connection.prepareStatement("select (select coalesce(max(last_sequence), 0)"
                + " from audit_archive_segment), (select coalesce(max(sequence), 0) from audit_entry"
                + " where recorded_at < ?)")) {
            statement.setTimestamp(1, Timestamp.from(cutoff));
            try (var rs = statement.executeQuery()) {
                rs.next();
                archivedUpTo = rs.getLong(1);
                lastDue = rs.getLong(2);
            }
        }
        if (lastDue <= archivedUpTo) {
            return null;
        }
        long last = Math.min(lastDue, archivedUpTo + segmentEntries);
        StringBuilder lines = new StringBuilder();
        long count = 0;
        try (var select = connection.prepareStatement("select sequence, event_id, occurred_at, recorded_at, entry,"
                + " previous_hash, hash from audit_entry where sequence > ? and sequence <= ? order by sequence")) {
            select.setLong(1, archivedUpTo);
            select.setLong(2, last);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("sequence", rs.getLong(1));
                    line.put("eventId", rs.getString(2));
                    line.put("occurredAt", rs.getTimestamp(3).toInstant().toString());
                    line.put("recordedAt", rs.getTimestamp(4).toInstant().toString());
                    line.put("entry", rs.getString(5));
                    line.put("previousHash", rs.getString(6));
                    line.put("hash", rs.getString(7));
                    lines.append(line).append('\n');
                    count++;
                }
            }
        }
        if (count != last - archivedUpTo) {
            throw new IllegalStateException("entries " + (archivedUpTo + 1) + " to " + last
                    + " are not contiguous: verify the trail before archiving");
        }
        byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
        String sha256 = Hashes.sha256Hex(content);
        String key = String.format("segments/%020d-%020d.jsonl", archivedUpTo + 1, last);
        await(archive.put(bucket, key, content, "application/x-ndjson", null,
                Map.of("first-sequence", Long.toString(archivedUpTo + 1), "last-sequence", Long.toString(last),
                        "sha256", sha256)));
        try (var insert = connection.prepareStatement("insert into audit_archive_segment (first_sequence,"
                + " last_sequence, entries, sha256, object_key, archived_at) values (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, archivedUpTo + 1);
            insert.setLong(2, last);
            insert.setLong(3, count);
            insert.setString(4, sha256);
            insert.setString(5, key);
            insert.setTimestamp(6, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
        return new Segment(archivedUpTo + 1, last, sha256, key);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while archiving", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a segment could not be archived: " + e.getCause(), e.getCause());
        }
    }
}
