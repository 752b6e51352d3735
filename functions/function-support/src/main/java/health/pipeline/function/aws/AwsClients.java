package health.pipeline.function.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The AWS SDK v2 async clients every function uses. On Lambda they reach AWS through the VPC endpoints; locally and
 * in tests {@code pipeline.aws.<service>.endpoint-override} points each at its emulator. Only the endpoint differs,
 * never the code path.
 */
@ApplicationScoped
public class AwsClients {

    private final Region region;
    private final SdkAsyncHttpClient http;

    AwsClients(@ConfigProperty(name = "pipeline.aws.region", defaultValue = "us-east-1") String region) {
        this.region = Region.of(region);
        // One small connection pool shared by all clients: a Lambda instance handles one batch at a time.
        this.http = NettyNioAsyncHttpClient.builder().maxConcurrency(32)
                .connectionAcquisitionTimeout(Duration.ofSeconds(20)).build();
    }

    @Produces
    @ApplicationScoped
    S3AsyncClient s3() {
        var builder = configure(S3AsyncClient.builder(), "s3");
        // Path-style addressing only where an emulator stands in for S3; AWS itself uses virtual-hosted style.
        override("s3").ifPresent(uri -> builder.forcePathStyle(true));
        return builder.build();
    }

    @Produces
    @ApplicationScoped
    KmsAsyncClient kms() {
        return configure(KmsAsyncClient.builder(), "kms").build();
    }

    @Produces
    @ApplicationScoped
    SqsAsyncClient sqs() {
        return configure(SqsAsyncClient.builder(), "sqs").build();
    }

    @Produces
    @ApplicationScoped
    SnsAsyncClient sns() {
        return configure(SnsAsyncClient.builder(), "sns").build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region).httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(30)).build());
        override(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    private static Optional<URI> override(String service) {
        return ConfigProvider.getConfig().getOptionalValue("pipeline.aws." + service + ".endpoint-override", URI.class);
    }
}
