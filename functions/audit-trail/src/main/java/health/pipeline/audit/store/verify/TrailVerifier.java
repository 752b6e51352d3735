package health.pipeline.audit.store.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.audit.store.archive.ArchiveReader;
import health.pipeline.audit.store.archive.ArchiveSegment;
import health.pipeline.model.audit.AuditTree;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.model.audit.HashChain;
import health.pipeline.model.audit.MerkleFrontier;

/**
 * Recomputes the whole audit trail from the database in one streaming pass: sequence contiguity, the hash chain, the
 * queryable columns against the hashed entry (every one: event id, occurrence time, actor, action, outcome, purpose,
 * patient, correlation id), the Merkle tree, and every signed checkpoint (from the database and, when given, the
 * audit archive: its {@code checkpoints/} objects and retention {@code segments/}). Detects a changed,
 * deleted, inserted or reordered entry (at the first bad entry), a consistently rewritten history (at the first
 * checkpoint it contradicts) and a truncated tail (against any checkpoint beyond it).
 */
public final class TrailVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_SIZE = 5_000;

    /** Stored times have microseconds; the hashed entry may say more. */
    private static final Duration TIME_PRECISION = Duration.ofNanos(1_000);

    private final PublicKey trustedKey;
    private final ArchiveReader archive;

    /**
     * @param trustedKey the audit signing key's public half (KMS GetPublicKey), or null to use the key stored with
     *                   each checkpoint (self-asserted: for tools only; the audit API always passes a trusted key)
     * @param archiveDir the audit-archive folder, or null
     */
    public TrailVerifier(PublicKey trustedKey, Path archiveDir) {
        this(archiveDir == null ? null : ArchiveReader.folder(archiveDir), trustedKey);
    }

    private TrailVerifier(ArchiveReader archive, PublicKey trustedKey) {
        this.trustedKey = trustedKey;
        this.archive = archive;
    }

    /**
     * Verifies against a trusted key and the archive wherever it is (the audit API reads it from S3).
     *
     * @param trustedKey the audit signing key's public half, never one read from the database being verified
     */
    public static TrailVerifier trusting(PublicKey trustedKey, ArchiveReader archive) {
        return new TrailVerifier(Objects.requireNonNull(archive, "archive"),
                Objects.requireNonNull(trustedKey, "trustedKey"));
    }

    public TrailReport verify(Connection connection) throws SQLException, IOException {
        String keySource = trustedKey != null ? "trusted" : "self-asserted";
        if (!tableExists(connection)) {
            return new TrailReport(true, 0, HashChain.GENESIS, MerkleFrontier.empty().rootHex(), 0, keySource, null,
                    null, null);
        }
        TreeMap<Long, StoredCheckpoint> checkpoints = new TreeMap<>();
        Long conflict = loadCheckpoints(connection, checkpoints);
        if (conflict != null) {
            return new TrailReport(false, 0, null, null, 0, keySource, null, conflict,
                    "checkpoint " + conflict + " in the database differs from the archived one");
        }
        for (StoredCheckpoint stored : checkpoints.values()) {
            PublicKey key = trustedKey != null ? trustedKey : stored.publicKey();
            if (key == null || !CheckpointSignatures.verify(stored.checkpoint(), key)) {
                return new TrailReport(false, 0, null, null, 0, keySource, null, stored.checkpoint().treeSize(),
                        "the signature of checkpoint " + stored.checkpoint().treeSize() + " does not verify");
            }
        }
        TrailReport segmentProblem = checkArchivedSegments(connection, keySource);
        if (segmentProblem != null) {
            return segmentProblem;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a cursor, so a million entries stream instead of filling the heap
        try (var statement = connection.createStatement()) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery("select sequence, event_id, actor, action, outcome, patient,"
                    + " entry, previous_hash, hash, purpose, occurred_at, correlation_id from audit_entry"
                    + " order by sequence")) {
                return walk(rs, checkpoints, keySource);
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }

    private TrailReport walk(ResultSet rs, TreeMap<Long, StoredCheckpoint> checkpoints, String keySource)
            throws SQLException {
        MerkleFrontier frontier = MerkleFrontier.empty();
        String previous = HashChain.GENESIS;
        long count = 0;
        long verified = 0;
        long lastGoodCheckpoint = 0;
        while (rs.next()) {
            long sequence = rs.getLong(1);
            long expected = count + 1;
            String entry = rs.getString(7);
            String problem = null;
            long bad = sequence;
            if (sequence != expected) {
                bad = expected;
                problem = sequence > expected
                        ? "entry " + expected + " is missing: the trail jumps to " + sequence + " (deleted)"
                        : "entry " + sequence + " is out of place (inserted or renumbered)";
            } else if (!rs.getString(8).equals(previous)) {
                problem = "previous-hash does not match the preceding entry (inserted, deleted or reordered)";
            } else if (!HashChain.link(previous, entry).equals(rs.getString(9))) {
                problem = "entry content does not match its hash (changed)";
            } else {
                problem = columnMismatch(new Columns(rs.getString(2), rs.getTimestamp(11), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(10), rs.getString(6), rs.getString(12)), entry);
            }
            if (problem != null) {
                return new TrailReport(false, count, previous, frontier.rootHex(), verified, keySource, bad, null,
                        problem);
            }
            count++;
            previous = rs.getString(9);
            frontier.appendLeafHash(AuditTree.leafHash(previous));
            StoredCheckpoint checkpoint = checkpoints.get(count);
            if (checkpoint != null) {
                Checkpoint signed = checkpoint.checkpoint();
                if (!signed.rootHash().equals(frontier.rootHex()) || !signed.chainHead().equals(previous)) {
                    return new TrailReport(false, count, previous, frontier.rootHex(), verified, keySource,
                            lastGoodCheckpoint + 1, count, "entries " + (lastGoodCheckpoint + 1) + " to " + count
                                    + " do not match signed checkpoint " + count + " (history rewritten)");
                }
                verified++;
                lastGoodCheckpoint = count;
            }
        }
        var beyond = checkpoints.higherEntry(count);
        if (beyond != null) {
            return new TrailReport(false, count, previous, frontier.rootHex(), verified, keySource, count + 1,
                    beyond.getKey(), "the trail ends at entry " + count + " but checkpoint " + beyond.getKey()
                            + " was signed over more entries (truncated tail)");
        }
        return new TrailReport(true, count, previous, frontier.rootHex(), verified, keySource, null, null, null);
    }

    /**
     * Archived retention segments (ADR 0043) must be what the database recorded (SHA-256), chain correctly inside
     * themselves, and end on the hash the trail holds for their last entry while it is still in the database.
     */
    private TrailReport checkArchivedSegments(Connection connection, String keySource)
            throws SQLException, IOException {
        if (archive == null) {
            return null;
        }
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                "select first_sequence, last_sequence, sha256, object_key from audit_archive_segment"
                        + " order by first_sequence")) {
            while (rs.next()) {
                long first = rs.getLong(1);
                Optional<byte[]> archived = archive.read(rs.getString(4));
                if (archived.isEmpty()) {
                    return segmentFailure(keySource, first, "archived segment " + rs.getString(4) + " is missing");
                }
                byte[] content = archived.get();
                if (!health.pipeline.model.util.Hashes.sha256Hex(content).equals(rs.getString(3))) {
                    return segmentFailure(keySource, first, "archived segment " + rs.getString(4)
                            + " differs from the SHA-256 recorded when it was archived");
                }
                String problem = segmentChain(connection, content, first, rs.getLong(2));
                if (problem != null) {
                    return segmentFailure(keySource, first, problem);
                }
            }
        }
        return null;
    }

    private static String segmentChain(Connection connection, byte[] content, long first, long last)
            throws SQLException, IOException {
        List<ArchiveSegment.Row> rows;
        try {
            rows = ArchiveSegment.rows(content);
        } catch (IOException e) {
            return "archived segment from " + first + " is unreadable: " + e.getMessage();
        }
        long expected = first;
        String previous = null;
        for (ArchiveSegment.Row row : rows) {
            if (row.sequence() != expected || (previous != null && !previous.equals(row.previousHash()))
                    || !HashChain.link(row.previousHash(), row.entry()).equals(row.hash())) {
                return "archived entry " + expected + " does not chain";
            }
            String columns = columnMismatch(new Columns(row.eventId(), Timestamp.from(row.occurredAt())), row.entry());
            if (columns != null) {
                return "archived entry " + expected + ": " + columns;
            }
            previous = row.hash();
            expected++;
        }
        if (expected - 1 != last) {
            return "archived segment from " + first + " ends at " + (expected - 1) + ", not " + last;
        }
        try (var select = connection.prepareStatement("select hash from audit_entry where sequence = ?")) {
            select.setLong(1, last);
            try (var rs = select.executeQuery()) {
                if (rs.next() && !rs.getString(1).equals(previous)) {
                    return "archived entry " + last + " differs from the database's";
                }
            }
        }
        return null;
    }

    private static TrailReport segmentFailure(String keySource, long firstSequence, String problem) {
        return new TrailReport(false, 0, null, null, 0, keySource, firstSequence, null, problem);
    }

    /**
     * The stored columns that repeat parts of the hashed entry; {@code recorded_at} is the writer's own time and not
     * part of it. A segment row carries the event id and occurrence time only ({@code checkedAll} false).
     */
    record Columns(String eventId, Timestamp occurredAt, String actor, String action, String outcome, String purpose,
            String patient, String correlationId, boolean checkedAll) {

        Columns(String eventId, Timestamp occurredAt, String actor, String action, String outcome, String purpose,
                String patient, String correlationId) {
            this(eventId, occurredAt, actor, action, outcome, purpose, patient, correlationId, true);
        }

        Columns(String eventId, Timestamp occurredAt) {
            this(eventId, occurredAt, null, null, null, null, null, null, false);
        }
    }

    /** Every queryable column must say what the hashed entry says; the answer names the first that does not. */
    static String columnMismatch(Columns columns, String entry) {
        JsonNode json;
        try {
            json = JSON.readTree(entry);
        } catch (IOException e) {
            return "entry is not JSON";
        }
        JsonNode data = json.path("data");
        if (!Objects.equals(columns.eventId(), json.path("eventId").asText(null))) {
            return "event_id column differs from the hashed entry";
        }
        // As TrailEntry.of takes it: the payload's occurredAt, else the envelope's time.
        String occurred = data.path("occurredAt").asText(json.path("time").asText(null));
        if (!sameInstant(columns.occurredAt(), occurred)) {
            return "occurred_at column differs from the hashed entry";
        }
        if (!columns.checkedAll()) {
            return null;
        }
        if (!Objects.equals(columns.actor(), data.path("actor").asText(null))
                || !Objects.equals(columns.action(), data.path("action").asText(null))
                || !Objects.equals(columns.outcome(), data.path("outcome").asText(null))) {
            return "actor, action or outcome column differs from the hashed entry";
        }
        if (!Objects.equals(columns.purpose(), data.path("purpose").asText(null))) {
            return "purpose column differs from the hashed entry";
        }
        if (!Objects.equals(columns.patient(), data.path("patient").asText(null))) {
            return "patient column differs from the hashed entry";
        }
        if (!Objects.equals(columns.correlationId(), json.path("correlationId").asText(null))) {
            return "correlation_id column differs from the hashed entry";
        }
        return null;
    }

    private static boolean sameInstant(Timestamp stored, String hashed) {
        if (stored == null || hashed == null) {
            return stored == null && hashed == null;
        }
        try {
            return Duration.between(stored.toInstant(), Instant.parse(hashed)).abs().compareTo(TIME_PRECISION) < 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** @return the tree size of a checkpoint whose database row and archived document differ, or null */
    private Long loadCheckpoints(Connection connection, TreeMap<Long, StoredCheckpoint> checkpoints)
            throws SQLException, IOException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(
                "select tree_size, root_hash, chain_head, issued_at, key_id, algorithm, signature, public_key"
                        + " from audit_checkpoint order by tree_size")) {
            while (rs.next()) {
                Checkpoint checkpoint = new Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7));
                // The stored key is read only when no trusted key was given: with one, the database's key (which
                // whoever can write the database could swap with a forged checkpoint) plays no part.
                checkpoints.put(checkpoint.treeSize(), new StoredCheckpoint(checkpoint, trustedKey != null ? null
                        : CheckpointSignatures.publicKey(Base64.getDecoder().decode(rs.getString(8)))));
            }
        }
        if (archive == null) {
            return null;
        }
        for (String key : archive.keys("checkpoints/")) {
            if (!key.endsWith(".json")) {
                continue;
            }
            Optional<byte[]> document = archive.read(key);
            if (document.isPresent()) {
                Checkpoint archived = Checkpoint.fromJson(document.get());
                StoredCheckpoint known = checkpoints.get(archived.treeSize());
                if (known == null) {
                    // Deleted from the database but kept by the archive: it still binds the trail.
                    checkpoints.put(archived.treeSize(), new StoredCheckpoint(archived, null));
                } else if (!known.checkpoint().equals(archived)) {
                    return archived.treeSize();
                }
            }
        }
        // An archived checkpoint without a database twin has no self-asserted key: borrow any stored one.
        PublicKey anyKey = checkpoints.values().stream().map(StoredCheckpoint::publicKey).filter(Objects::nonNull)
                .findFirst().orElse(null);
        checkpoints.replaceAll((size, stored) -> stored.publicKey() != null ? stored
                : new StoredCheckpoint(stored.checkpoint(), anyKey));
        return null;
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        try (var rs = connection.getMetaData().getTables(null, null, "audit_entry", null)) {
            return rs.next();
        }
    }

    private record StoredCheckpoint(Checkpoint checkpoint, PublicKey publicKey) {
    }
}
