package health.pipeline.localcloud.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail's entries for export ({@code audit/entries.jsonl}) and how far checkpoints and retention
 * have got; verification is TrailVerifier's.
 */
public final class AuditEntries {
    private AuditEntries() {
    }

    public record Row(long sequence, String action, String entry, String previousHash, String hash) {
    }

    public static List<Row> read(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (var exists = connection.getMetaData().getTables(null, null, "audit_entry", null)) {
            if (!exists.next()) {
                return rows;
            }
        }
        try (var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select sequence, action, entry, previous_hash, hash from audit_entry order by sequence")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return rows;
    }

    /** How many entries the newest signed checkpoint covers. */
    public static long checkpointedEntries(Connection connection) throws SQLException {
        return single(connection, "select coalesce(max(tree_size), 0) from audit_checkpoint");
    }

    /** The last entry copied into a retention segment of the archive. */
    public static long archivedEntries(Connection connection) throws SQLException {
        return single(connection, "select coalesce(max(last_sequence), 0) from audit_archive_segment");
    }

    private static long single(Connection connection, String query) throws SQLException {
        try (var statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
