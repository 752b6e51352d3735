package health.pipeline.audit.trigger;

import java.util.Map;

import health.pipeline.audit.store.AuditDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL for the writer's tests, migrated by the schema owner; the writer connects as a member of the
 * application role, as on AWS.
 */
public class AuditPostgresResource implements QuarkusTestResourceLifecycleManager {
    static AuditDatabase postgres;
    static String database;

    @Override
    public Map<String, String> start() {
        try {
            postgres = AuditDatabase.start("writer");
            database = postgres.freshDatabase();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start", e);
        }
        return Map.of("quarkus.datasource.reactive.url", postgres.jdbcUrl(database).replaceFirst("^jdbc:", ""),
                "quarkus.datasource.username", AuditDatabase.APP_USER,
                "quarkus.datasource.password", AuditDatabase.APP_PASSWORD);
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (Exception e) {
            // the test JVM is ending
        }
    }
}
