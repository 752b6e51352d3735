package health.pipeline.audit.api.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The questions auditors and privacy officers ask of the trail, over JDBC. Keyset pagination on the sequence (stable
 * while the trail grows: entries are only ever appended). Answers carry pseudonyms and object references, which is
 * all the trail holds.
 */
public final class AuditQueries {
    public static final int MAX_LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditQueries() {
    }

    /** Access-history filters; null means "any". Object is a bucket and key, matched exactly. */
    public record Filter(String actor, String patient, String objectBucket, String objectKey, Instant from,
            Instant to) {
    }

    /** @param nextAfter the cursor for the next page, or null on the last page */
    public record Page<T>(List<T> items, Long nextAfter) {
    }

    /** One entry as the API shows it. */
    public record Access(long sequence, Instant occurredAt, String actor, String action, String outcome,
            String purpose, String patient, List<ObjectRefView> objects, String modelVersion, String policyVersion,
            String correlationId) {
    }

    public record ObjectRefView(String bucket, String key) {
    }

    /** A line of an accounting of disclosures (45 CFR 164.528(b)(2)): date, recipient, description, purpose. */
    public record Disclosure(long sequence, Instant date, String recipient, String description, String purpose) {
    }

    public static Page<Access> accesses(Connection connection, Filter filter, long after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select sequence, occurred_at, actor, action, outcome, purpose, patient,"
                + " correlation_id, entry from audit_entry where sequence > ?");
        List<Object> parameters = new ArrayList<>(List.of(after));
        if (filter.actor() != null) {
            sql.append(" and actor = ?");
            parameters.add(filter.actor());
        }
        if (filter.patient() != null) {
            sql.append(" and patient = ?");
            parameters.add(filter.patient());
        }
        if (filter.objectBucket() != null && filter.objectKey() != null) {
            sql.append(" and ((entry::jsonb) -> 'data' -> 'objects') @> cast(? as jsonb)");
            ArrayNode objects = JSON.createArrayNode();
            objects.addObject().put("bucket", filter.objectBucket()).put("key", filter.objectKey());
            parameters.add(objects.toString());
        }
        if (filter.from() != null) {
            sql.append(" and occurred_at >= ?");
            parameters.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and occurred_at < ?");
            parameters.add(Timestamp.from(filter.to()));
        }
        sql.append(" order by sequence limit ?");
        int bounded = Math.max(1, Math.min(limit, MAX_LIMIT));
        parameters.add(bounded + 1);
        List<Access> items = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    items.add(access(rs));
                }
            }
        }
        return page(items, bounded, Access::sequence);
    }

    public static Page<Disclosure> disclosures(Connection connection, String patient, Instant from, Instant to,
            long after, int limit) throws SQLException {
        Page<Access> accesses = accesses(connection, new Filter(null, patient, null, null, from, to), after, limit);
        return new Page<>(accesses.items().stream().map(AuditQueries::disclosure).toList(), accesses.nextAfter());
    }

    private static Disclosure disclosure(Access access) {
        StringBuilder description = new StringBuilder(access.action()).append(' ').append(access.outcome());
        access.objects().forEach(o -> description.append("; ").append(o.bucket()).append('/').append(o.key()));
        if (access.modelVersion() != null) {
            description.append("; model ").append(access.modelVersion());
        }
        if (access.policyVersion() != null) {
            description.append("; policy ").append(access.policyVersion());
        }
        return new Disclosure(access.sequence(), access.occurredAt(), access.actor(), description.toString(),
                access.purpose());
    }

    private static Access access(ResultSet rs) throws SQLException {
        JsonNode data;
        try {
            data = JSON.readTree(rs.getString(9)).path("data");
        } catch (java.io.IOException e) {
            throw new SQLException("entry " + rs.getLong(1) + " is not JSON", e);
        }
        List<ObjectRefView> objects = new ArrayList<>();
        data.path("objects").forEach(o -> objects.add(new ObjectRefView(o.path("bucket").asText(),
                o.path("key").asText())));
        return new Access(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), objects, data.path("modelVersion").asText(null),
                data.path("policyVersion").asText(null), rs.getString(8));
    }

    private static <T> Page<T> page(List<T> items, int limit, java.util.function.ToLongFunction<T> sequence) {
        if (items.size() <= limit) {
            return new Page<>(items, null);
        }
        List<T> page = items.subList(0, limit);
        return new Page<>(List.copyOf(page), sequence.applyAsLong(page.get(limit - 1)));
    }
}
