package health.pipeline.audit.aws;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.credentials.CredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Passwords for Aurora's IAM database authentication: a fresh 15-minute token for each connection the pool opens.
 * Selected on AWS with {@code QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER=rds-iam}; the local run uses a password.
 */
@ApplicationScoped
@Named("rds-iam")
public class RdsIamCredentialsProvider implements CredentialsProvider {
    private final URI database;
    private final String user;
    private final String region;
    private final DefaultCredentialsProvider awsCredentials = DefaultCredentialsProvider.builder().build();

    RdsIamCredentialsProvider(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "audit_writer") String user,
            @ConfigProperty(name = "pipeline.aws.region", defaultValue = "us-east-1") String region) {
        this.database = URI.create(url.replaceFirst("^(vertx-reactive:)?postgres(ql)?://", "postgresql://"));
        this.user = user;
        this.region = region;
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        String token = RdsIamAuthToken.generate(database.getHost(), database.getPort() < 0 ? 5432 : database.getPort(),
                user, region, awsCredentials.resolveCredentials(), Clock.systemUTC());
        return Map.of(USER_PROPERTY_NAME, user, PASSWORD_PROPERTY_NAME, token);
    }
}
