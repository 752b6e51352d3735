package health.pipeline.function.database;

import java.time.Clock;
import java.time.Duration;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * An RDS IAM authentication token: a SigV4-presigned {@code connect} request for one database user, valid for 15
 * minutes, used as the password. What {@code RdsUtilities.generateAuthenticationToken} does; the SDK's rds module is
 * not on the reachable mirror, and the signer it uses is.
 */
public final class RdsIamAuthToken {
    static final Duration VALIDITY = Duration.ofMinutes(15);

    private RdsIamAuthToken() {
    }

    public static String generate(String host, int port, String user, String region, AwsCredentialsIdentity credentials,
            Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("https").host(host).port(port)
                .encodedPath("/").putRawQueryParameter("Action", "connect").putRawQueryParameter("DBUser", user).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, VALIDITY)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return signed.request().getUri().toString().substring("https://".length());
    }
}
