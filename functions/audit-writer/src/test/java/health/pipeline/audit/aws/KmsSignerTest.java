package health.pipeline.audit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import health.pipeline.emulators.kms.KmsEmulator;
import health.pipeline.function.aws.KmsSigner;
import health.pipeline.model.audit.Checkpoint;
import health.pipeline.model.audit.CheckpointSignatures;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** The KMS adapter through the AWS SDK against the KMS emulator: what KMS signs, the JDK verifies offline. */
class KmsSignerTest {
    private KmsEmulator emulator;
    private KmsAsyncClient kms;

    @BeforeEach
    void start() {
        emulator = KmsEmulator.start(0);
        kms = KmsAsyncClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        kms.close();
        emulator.close();
    }

    @Test
    void shouldProduceASignatureTheJdkVerifies_whenSigningACheckpointWithAnEccKey() throws Exception {
        String keyArn = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .get().keyMetadata().arn();
        KmsSigner signer = new KmsSigner(kms);
        Checkpoint checkpoint = Checkpoint.unsigned(7, "a".repeat(64), "b".repeat(64), Instant.now(), keyArn);

        byte[] signature = signer.sign(keyArn, checkpoint.signedBytes()).toCompletableFuture().get();
        var publicKey = CheckpointSignatures.publicKey(signer.publicKey(keyArn).toCompletableFuture().get());

        Checkpoint signed = checkpoint.withSignature(Base64.getEncoder().encodeToString(signature));
        assertThat(CheckpointSignatures.verify(signed, publicKey)).isTrue();
        assertThat(CheckpointSignatures.verify(new Checkpoint(8, signed.rootHash(), signed.chainHead(),
                signed.issuedAt(), keyArn, signed.algorithm(), signed.signature()), publicKey)).isFalse();
    }
}
