package health.pipeline.function.database;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.credentials.CredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Passwords for Aurora's IAM database authentication: a fresh 15-minute token for each connection the pool opens.
 * Selected on AWS with {@code QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER=rds-iam}; the local run uses a password.
 * Serves both kinds of datasource: the audit writer's reactive pool and the audit API's Agroal (JDBC) pool; Quarkus
 * asks it for the credentials of every new connection either way.
 */
@ApplicationScoped
@Named("rds-iam")
public class RdsIamCredentialsProvider implements CredentialsProvider {
    private static final int POSTGRES_PORT = 5432;
    private final URI database;
    private final String user;
    private final String region;
    private final AwsCredentialsProvider awsCredentials;
    private final Clock clock;

    RdsIamCredentialsProvider(@ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "pipeline.aws.region", defaultValue = "us-east-1") String region) {
        // Optional, so that functions without a database (which carry this bean too) start without these settings;
        // the bean is created on first use only.
        this(reactiveUrl.or(() -> jdbcUrl).orElseThrow(() -> new IllegalStateException(
                "rds-iam credentials need quarkus.datasource.reactive.url or quarkus.datasource.jdbc.url")),
                user.orElseThrow(() -> new IllegalStateException("rds-iam credentials need quarkus.datasource.username")),
                region, DefaultCredentialsProvider.builder().build(), Clock.systemUTC());
    }

    /** @param url {@code postgresql://host:port/db}, {@code vertx-reactive:postgresql://...} or {@code jdbc:postgresql://...} */
    public RdsIamCredentialsProvider(String url, String user, String region, AwsCredentialsProvider awsCredentials,
            Clock clock) {
        this.database = URI.create(url.replaceFirst("^(jdbc:|vertx-reactive:)?postgres(ql)?://", "postgresql://"));
        if (database.getHost() == null) {
            throw new IllegalArgumentException("the database URL names no host");
        }
        this.user = user;
        this.region = region;
        this.awsCredentials = awsCredentials;
        this.clock = clock;
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        String token = RdsIamAuthToken.generate(database.getHost(),
                database.getPort() < 0 ? POSTGRES_PORT : database.getPort(), user, region,
                awsCredentials.resolveCredentials(), clock);
        return Map.of(USER_PROPERTY_NAME, user, PASSWORD_PROPERTY_NAME, token);
    }
}
