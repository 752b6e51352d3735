package health.pipeline.audit.store.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;

/**
 * Creates and evolves the audit schema with versioned migrations ({@code db/audit/V*.sql}, Flyway). Run by a
 * privileged deployment step (the schema owner), never by the application: the writer's application role may only
 * INSERT and SELECT, and the readers' role (the audit API) only SELECT and append the audit of its own queries through
 * one function (V4), so neither could alter the tables, or drop the append-only trigger, even if compromised.
 */
public final class AuditSchema {
    /** The role the writer and the API act as, unless the deployment names another. */
    public static final String DEFAULT_APPLICATION_ROLE = "audit_application";
    /** The role the audit API acts as: SELECT on every audit table, and its own query audits through V4's function. */
    public static final String DEFAULT_READER_ROLE = "audit_reader";
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private AuditSchema() {
    }

    /** @return the number of migrations applied by this call */
    public static int migrate(String jdbcUrl, String ownerUser, String ownerPassword, String applicationRole) {
        return migrate(jdbcUrl, ownerUser, ownerPassword, applicationRole, DEFAULT_READER_ROLE);
    }

    /** @return the number of migrations applied by this call */
    public static int migrate(String jdbcUrl, String ownerUser, String ownerPassword, String applicationRole,
            String readerRole) {
        requireRoleName(applicationRole);
        requireRoleName(readerRole);
        return Flyway.configure()
                .dataSource(jdbcUrl, ownerUser, ownerPassword)
                .locations("classpath:db/audit")
                .table("audit_schema_history")
                .placeholders(Map.of("applicationRole", applicationRole, "readerRole", readerRole))
                .load()
                .migrate().migrationsExecuted;
    }

    /**
     * What a deployment step (or the local run) does before the functions start: migrate as the owner, then make
     * sure the application's login exists with this password. Idempotent.
     */
    public static void prepare(String jdbcUrl, String ownerUser, String ownerPassword, String applicationUser,
            String applicationPassword) throws SQLException {
        migrate(jdbcUrl, ownerUser, ownerPassword, DEFAULT_APPLICATION_ROLE);
        try (Connection owner = java.sql.DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword)) {
            createApplicationLogin(owner, DEFAULT_APPLICATION_ROLE, applicationUser, applicationPassword);
        }
    }

    /**
     * What a deployment step does for the audit API: migrate as the owner, then make sure the API's login exists in
     * the readers' role only. Idempotent.
     */
    public static void prepareReader(String jdbcUrl, String ownerUser, String ownerPassword, String readerUser,
            String readerPassword) throws SQLException {
        migrate(jdbcUrl, ownerUser, ownerPassword, DEFAULT_APPLICATION_ROLE);
        try (Connection owner = java.sql.DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword)) {
            createReaderLogin(owner, DEFAULT_APPLICATION_ROLE, DEFAULT_READER_ROLE, readerUser, readerPassword);
        }
    }

    /**
     * Creates (or re-passwords) a login in the readers' role, and takes away the application role from it (before V4
     * the audit API's login was a member of the application role).
     */
    public static void createReaderLogin(Connection owner, String applicationRole, String readerRole, String user,
            String password) throws SQLException {
        requireRoleName(applicationRole);
        createApplicationLogin(owner, readerRole, user, password);
        try (var statement = owner.createStatement()) {
            statement.execute("revoke " + applicationRole + " from " + user);
        }
    }

    /**
     * Creates (or re-passwords) a login user that is a member of the given role and nothing else. On AWS the
     * password comes from Secrets Manager; locally it is generated per run.
     */
    public static void createApplicationLogin(Connection owner, String applicationRole, String user, String password)
            throws SQLException {
        requireRoleName(applicationRole);
        requireRoleName(user);
        String quotedPassword = "'" + password.replace("'", "''") + "'";
        try (var statement = owner.createStatement()) {
            boolean exists;
            try (var rs = statement.executeQuery("select 1 from pg_roles where rolname = '" + user + "'")) {
                exists = rs.next();
            }
            statement.execute((exists ? "alter role " + user + " with" : "create role " + user)
                    + " login nosuperuser nocreatedb nocreaterole inherit password " + quotedPassword);
            statement.execute("grant " + applicationRole + " to " + user);
        }
    }

    private static void requireRoleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a role name must match " + ROLE_NAME.pattern());
        }
    }
}
