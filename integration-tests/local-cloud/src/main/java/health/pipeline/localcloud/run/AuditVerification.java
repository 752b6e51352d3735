package health.pipeline.localcloud.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.model.audit.HashChain;

/**
 * Recomputes the audit trail's hash chain from the database and checks that the queryable columns agree with the
 * hashed entry, so that neither the chain nor a column can be changed unnoticed.
 */
public final class AuditVerification {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditVerification() {
    }

    public record Row(long sequence, String eventId, String actor, String action, String outcome, String patient,
            String entry, String previousHash, String hash) {
    }

    public static List<Row> read(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (var exists = connection.getMetaData().getTables(null, null, "audit_entry", null)) {
            if (!exists.next()) {
                return rows;
            }
        }
        try (var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select sequence, event_id, actor, action, outcome, patient,"
                        + " entry, previous_hash, hash from audit_entry order by sequence")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        }
        return rows;
    }

    public static ObjectNode verify(List<Row> rows) {
        var result = HashChain.verify(rows.stream()
                .map(r -> new HashChain.StoredEntry(r.sequence(), r.entry(), r.previousHash(), r.hash())).toList());
        ObjectNode report = JSON.createObjectNode();
        Long firstBad = result.firstBadSequence();
        String problem = result.problem();
        if (result.valid()) {
            for (Row row : rows) {
                String mismatch = columnMismatch(row);
                if (mismatch != null) {
                    firstBad = row.sequence();
                    problem = mismatch;
                    break;
                }
            }
            if (!rows.isEmpty() && rows.get(0).sequence() != 1) {
                firstBad = rows.get(0).sequence();
                problem = "the trail does not start at entry 1 (its head was deleted)";
            }
        }
        report.put("valid", firstBad == null);
        report.put("entries", rows.size());
        report.put("headHash", result.headHash());
        if (firstBad != null) {
            report.put("firstBadEntry", firstBad);
            report.put("problem", problem);
        }
        return report;
    }

    private static String columnMismatch(Row row) {
        JsonNode entry;
        try {
            entry = JSON.readTree(row.entry());
        } catch (java.io.IOException e) {
            return "entry is not JSON";
        }
        JsonNode data = entry.path("data");
        if (!row.eventId().equals(entry.path("eventId").asText())) {
            return "event_id column differs from the hashed entry";
        }
        if (!row.actor().equals(data.path("actor").asText()) || !row.action().equals(data.path("action").asText())
                || !row.outcome().equals(data.path("outcome").asText())) {
            return "actor, action or outcome column differs from the hashed entry";
        }
        String patient = data.hasNonNull("patient") ? data.get("patient").asText() : null;
        if (patient == null ? row.patient() != null : !patient.equals(row.patient())) {
            return "patient column differs from the hashed entry";
        }
        return null;
    }
}
