package health.pipeline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.schema.AuditSchema;

class AppendOnlyTest {
    private static AuditDatabase postgres;
    private String database;

    @BeforeAll
    static void start() throws Exception {
        postgres = AuditDatabase.start("append-only");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshTrail() throws Exception {
        database = postgres.freshDatabase();
        try (Connection app = postgres.application(database)) {
            new JdbcTrailAppender(Clock.systemUTC()).append(app, TrailFixtures.entries(1, 3));
        }
    }

    @Test
    void shouldInsertAndSelect_whenActingAsTheApplicationRole() throws Exception {
        try (Connection app = postgres.application(database)) {
            new JdbcTrailAppender(Clock.systemUTC()).append(app, TrailFixtures.entries(4, 2));
            assertThat(count(app)).isEqualTo(5);
        }
    }

    @Test
    void shouldDenyUpdateDeleteAndTruncate_whenActingAsTheApplicationRole() throws Exception {
        try (Connection app = postgres.application(database); var statement = app.createStatement()) {
            for (String sql : new String[] { "update audit_entry set actor = 'x' where sequence = 2",
                    "delete from audit_entry where sequence = 3", "truncate audit_entry",
                    "update audit_checkpoint set root_hash = 'x'", "alter table audit_entry disable trigger all",
                    "drop trigger audit_entry_append_only on audit_entry" }) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("42501", "42P01"));
            }
            assertThat(count(app)).isEqualTo(3);
        }
    }

    @Test
    void shouldRejectUpdateDeleteAndTruncate_whenEvenTheOwnerTriesWithTriggersOn() throws Exception {
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement()) {
            for (String sql : new String[] { "update audit_entry set actor = 'x' where sequence = 2",
                    "delete from audit_entry where sequence = 3", "truncate audit_entry",
                    "delete from audit_checkpoint", "truncate audit_archive_segment" }) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            assertThat(count(owner)).isEqualTo(3);
        }
    }

    @Test
    void shouldApplyNothing_whenTheMigrationsRunAgain() throws Exception {
        assertThat(AuditSchema.migrate(postgres.jdbcUrl(database), "postgres", "postgres",
                AuditSchema.DEFAULT_APPLICATION_ROLE)).isZero();
        try (Connection owner = postgres.superuser(database); var statement = owner.createStatement();
                var rs = statement.executeQuery("select count(*) from audit_schema_history where success")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var rs = statement.executeQuery("select count(*) from audit_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
