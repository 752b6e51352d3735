package health.pipeline.audit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import health.pipeline.audit.store.schema.AuditSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 15 for the tests (embedded, data under target/), with one freshly migrated database per test so
 * that tampering in one test cannot leak into another.
 */
public final class AuditDatabase implements AutoCloseable {
    public static final String APP_USER = "audit_app_test";
    public static final String APP_PASSWORD = "app-secret";
    /** A login in the readers' role, as the audit API's. */
    public static final String READER_USER = "audit_reader_test";
    public static final String READER_PASSWORD = "reader-secret";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final EmbeddedPostgres postgres;

    private AuditDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static AuditDatabase start(String name) throws IOException {
        Path dataDir = Path.of(System.getProperty("audit.test.data", "target/pgdata")).resolve(name);
        Files.createDirectories(dataDir.getParent());
        // Durable commits as on Aurora: the embedded default (synchronous_commit=off) would flatter the benchmarks.
        return new AuditDatabase(EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on").start());
    }

    /** Creates and migrates a new database; the application and reader logins exist once per cluster. */
    public String freshDatabase() throws SQLException {
        String name = "audit_" + DATABASES.incrementAndGet();
        try (Connection admin = superuser("postgres"); var statement = admin.createStatement()) {
            statement.execute("create database " + name);
        }
        AuditSchema.migrate(jdbcUrl(name), "postgres", "postgres", AuditSchema.DEFAULT_APPLICATION_ROLE);
        try (Connection owner = superuser(name)) {
            AuditSchema.createApplicationLogin(owner, AuditSchema.DEFAULT_APPLICATION_ROLE, APP_USER, APP_PASSWORD);
            AuditSchema.createReaderLogin(owner, AuditSchema.DEFAULT_APPLICATION_ROLE, AuditSchema.DEFAULT_READER_ROLE,
                    READER_USER, READER_PASSWORD);
        }
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    public Connection application(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), APP_USER, APP_PASSWORD);
    }

    public Connection reader(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), READER_USER, READER_PASSWORD);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
