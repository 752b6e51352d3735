package health.pipeline.function.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.credentials.CredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class RdsIamAuthTokenTest {
    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldPresignAConnectRequestForTheUser_whenATokenIsGenerated() {
        String token = RdsIamAuthToken.generate("audit.cluster-x.us-east-1.rds.amazonaws.com", 5432, "audit_writer",
                "us-east-1", CREDENTIALS, NOON);

        assertThat(token).startsWith("audit.cluster-x.us-east-1.rds.amazonaws.com:5432/?")
                .contains("Action=connect", "DBUser=audit_writer", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                        "X-Amz-Credential=AKIDEXAMPLE%2F20261123%2Fus-east-1%2Frds-db%2Faws4_request",
                        "X-Amz-Date=20261123T120000Z", "X-Amz-Expires=900", "X-Amz-Signature=")
                .doesNotContain("https://");
    }

    @Test
    void shouldSignForTheHostAndPortOfTheUrl_whenTheDatasourceIsJdbcOrReactive() {
        for (String url : new String[] { "jdbc:postgresql://audit.cluster-x.eu-west-1.rds.amazonaws.com:5433/audit?sslmode=require",
                "postgresql://audit.cluster-x.eu-west-1.rds.amazonaws.com:5433/audit?sslmode=require",
                "vertx-reactive:postgresql://audit.cluster-x.eu-west-1.rds.amazonaws.com:5433/audit" }) {
            Map<String, String> credentials = new RdsIamCredentialsProvider(url, "audit_api", "eu-west-1",
                    StaticCredentialsProvider.create(CREDENTIALS), NOON).getCredentials("rds-iam");

            assertThat(credentials).containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "audit_api");
            assertThat(credentials.get(CredentialsProvider.PASSWORD_PROPERTY_NAME)).as(url)
                    .startsWith("audit.cluster-x.eu-west-1.rds.amazonaws.com:5433/?")
                    .contains("DBUser=audit_api", "%2Feu-west-1%2Frds-db%2F");
        }
    }

    @Test
    void shouldUseThePostgresPort_whenTheUrlNamesNone() {
        Map<String, String> credentials = new RdsIamCredentialsProvider("jdbc:postgresql://db.internal/audit",
                "audit_api", "eu-west-1", StaticCredentialsProvider.create(CREDENTIALS), NOON).getCredentials("rds-iam");

        assertThat(credentials.get(CredentialsProvider.PASSWORD_PROPERTY_NAME)).startsWith("db.internal:5432/?");
    }

    @Test
    void shouldRefuseTheUrl_whenItNamesNoHost() {
        assertThatThrownBy(() -> new RdsIamCredentialsProvider("jdbc:postgresql:audit", "audit_api", "eu-west-1",
                StaticCredentialsProvider.create(CREDENTIALS), NOON)).isInstanceOf(IllegalArgumentException.class);
    }
}
