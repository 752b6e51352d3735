package health.pipeline.audit.api;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;


import health.pipeline.audit.store.AuditDatabase;
import health.pipeline.audit.store.TrailFixtures;
import health.pipeline.audit.store.append.JdbcTrailAppender;
import health.pipeline.audit.store.checkpoint.CheckpointPolicy;
import health.pipeline.audit.store.checkpoint.JdbcCheckpointWriter;
import health.pipeline.function.security.IdentityProviderTokens;
import health.pipeline.model.ports.memory.InMemoryObjectStore;
import health.pipeline.model.ports.memory.InMemorySigner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL holding a signed trail of 30 entries (checkpoints at 10, 20, 30, also in the in-memory audit
 * archive), an identity provider's key pair generated for the run, and the API configured to trust it, to connect as
 * the readers' role and to take the checkpoint signing key from the key service ({@link TestPorts}: in memory).
 * Subclasses tamper with the seeded database as its owner before the API starts.
 */
public class AuditApiResource implements QuarkusTestResourceLifecycleManager {
    static final String ISSUER = "https://idp.health-pipeline.test";
    static final int SEEDED = 30;
    static AuditDatabase postgres;
    static String database;
    static KeyPair identityProvider;
    static final InMemorySigner SIGNER = new InMemorySigner();
    static final String SIGNING_KEY = "k";
    static final InMemoryObjectStore ARCHIVE = new InMemoryObjectStore();

    @Override
    public Map<String, String> start() {
        try {
            postgres = AuditDatabase.start("api");
            database = postgres.freshDatabase();
            try (Connection app = postgres.application(database)) {
                var appender = new JdbcTrailAppender(Clock.systemUTC());
                var checkpoints = new JdbcCheckpointWriter(SIGNER, ARCHIVE, TestPorts.ARCHIVE_BUCKET, SIGNING_KEY,
                        new CheckpointPolicy(10, Duration.ofHours(1)), Clock.systemUTC());
                for (int first = 1; first <= SEEDED; first += 10) {
                    appender.append(app, TrailFixtures.entries(first, 10));
                    checkpoints.checkpointIfDue(app);
                }
            }
            try (Connection owner = postgres.superuser(database)) {
                tamper(owner);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            identityProvider = generator.generateKeyPair();
            return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                    "quarkus.datasource.username", AuditDatabase.READER_USER,
                    "quarkus.datasource.password", AuditDatabase.READER_PASSWORD,
                    "pipeline.audit-api.jwt.public-key",
                    Base64.getEncoder().encodeToString(identityProvider.getPublic().getEncoded()),
                    "pipeline.audit-api.jwt.issuer", ISSUER,
                    "pipeline.keys.audit-signing", SIGNING_KEY);
        } catch (Exception e) {
            throw new IllegalStateException("the audit API's test environment did not start", e);
        }
    }

    /** What a subclass does to the seeded trail, as the database owner, before the API starts. */
    protected void tamper(Connection owner) throws Exception {
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (Exception e) {
            // the test JVM is ending
        }
    }

    /** A bearer token for {@code subject} with {@code roles}, signed by the test identity provider. */
    static String token(String subject, List<String> roles) {
        return token(subject, roles, identityProvider, 5);
    }

    static String token(String subject, List<String> roles, KeyPair signer, float minutes) {
        return IdentityProviderTokens.sign(signer, ISSUER, "audit-api", subject, roles, minutes);
    }
}
