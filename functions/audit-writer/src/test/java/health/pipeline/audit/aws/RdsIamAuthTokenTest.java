package health.pipeline.audit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

class RdsIamAuthTokenTest {

    @Test
    void shouldPresignAConnectRequestForTheUser_whenATokenIsGenerated() {
        String token = RdsIamAuthToken.generate("audit.cluster-x.us-east-1.rds.amazonaws.com", 5432, "audit_writer",
                "us-east-1", AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

        assertThat(token).startsWith("audit.cluster-x.us-east-1.rds.amazonaws.com:5432/?")
                .contains("Action=connect", "DBUser=audit_writer", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                        "X-Amz-Credential=AKIDEXAMPLE%2F20261123%2Fus-east-1%2Frds-db%2Faws4_request",
                        "X-Amz-Date=20261123T120000Z", "X-Amz-Expires=900", "X-Amz-Signature=")
                .doesNotContain("https://");
    }
}
