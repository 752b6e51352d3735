package health.pipeline.emulators.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

class KmsEmulatorTest {

    private static final Map<String, String> CONTEXT = Map.of("tenant", "clinic-7", "purpose", "phi-field");

    private static KmsEmulator emulator;
    private static KmsClient kms;
    private static KmsClient kmsWithoutRetries;

    @BeforeAll
    static void startEmulator() {
        emulator = KmsEmulator.start(0);
        kms = client(false);
        kmsWithoutRetries = client(true);
    }

    @AfterAll
    static void stopEmulator() {
        kms.close();
        kmsWithoutRetries.close();
        emulator.close();
    }

    private static KmsClient client(boolean noRetries) {
        var builder = KmsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
        if (noRetries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return builder.build();
    }

    private static String symmetricKey() {
        return kms.createKey(r -> r.description("test data key")).keyMetadata().keyId();
    }

    private static String signingKey() {
        return kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
    }

    private static SdkBytes bytes(String text) {
        return SdkBytes.fromString(text, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ keys and aliases

    @Test
    void shouldDescribeEnabledKeyWithArn_whenKeyCreated() {
        KeyMetadata created = kms.createKey(r -> r.description("pipeline key")).keyMetadata();

        KeyMetadata described = kms.describeKey(r -> r.keyId(created.keyId())).keyMetadata();

        assertThat(UUID.fromString(described.keyId()).toString()).isEqualTo(created.keyId());
        assertThat(described.arn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + created.keyId());
        assertThat(described.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(described.enabled()).isTrue();
        assertThat(described.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(described.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(described.description()).isEqualTo("pipeline key");
        assertThat(described.awsAccountId()).isEqualTo("000000000000");
        assertThat(described.creationDate()).isNotNull();
    }

    @Test
    void shouldResolveKey_whenReferencedByAliasNameAliasArnOrKeyArn() {
        String keyId = symmetricKey();
        String keyArn = "arn:aws:kms:us-east-1:000000000000:key/" + keyId;
        String alias = "alias/pipeline-" + UUID.randomUUID();
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));

        assertThat(kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId()).isEqualTo(keyId);
        assertThat(kms.describeKey(r -> r.keyId("arn:aws:kms:us-east-1:000000000000:" + alias)).keyMetadata().keyId())
                .isEqualTo(keyId);
        assertThat(kms.describeKey(r -> r.keyId(keyArn)).keyMetadata().keyId()).isEqualTo(keyId);

        EncryptResponse encrypted = kms.encrypt(r -> r.keyId(alias).plaintext(bytes("via alias")));
        assertThat(encrypted.keyId()).isEqualTo(keyArn);
        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()));
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("via alias");

        assertThat(kms.listAliases(r -> r.keyId(keyId)).aliases())
                .extracting(AliasListEntry::aliasName, AliasListEntry::targetKeyId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(alias, keyId));
    }

    @Test
    void shouldThrowNotFound_whenKeyOrAliasUnknown() {
        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(UUID.randomUUID().toString()).plaintext(bytes("x"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId("alias/no-such-alias")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("alias/no-such-alias");
    }

    @Test
    void shouldReportRotationEnabled_whenRotationTurnedOn() {
        String keyId = symmetricKey();
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isFalse();

        kms.enableKeyRotation(r -> r.keyId(keyId));

        assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isTrue();
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).rotationPeriodInDays()).isEqualTo(365);
    }

    // ------------------------------------------------------------------------------------------ encrypt / decrypt

    @Test
    void shouldRoundTripPlaintext_whenDecryptedWithSameEncryptionContext() {
        String keyId = symmetricKey();

        EncryptResponse encrypted = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("MRN 12345")).encryptionContext(CONTEXT));
        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionContext(Map.of("purpose", "phi-field", "tenant", "clinic-7")));

        assertThat(new String(encrypted.ciphertextBlob().asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("MRN 12345");
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("MRN 12345");
        assertThat(decrypted.keyId()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + keyId);
        assertThat(decrypted.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    }

    @Test
    void shouldFailWithInvalidCiphertext_whenEncryptionContextDiffers() {
        String keyId = symmetricKey();
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("secret")).encryptionContext(CONTEXT))
                .ciphertextBlob();

        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob)
                .encryptionContext(Map.of("tenant", "clinic-8", "purpose", "phi-field"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob)
                .encryptionContext(Map.of("tenant", "clinic-7"))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void shouldFailWithInvalidCiphertext_whenEncryptionContextMissing() {
        String keyId = symmetricKey();
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("secret")).encryptionContext(CONTEXT))
                .ciphertextBlob();

        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void shouldFailWithInvalidCiphertext_whenCiphertextTampered() {
        String keyId = symmetricKey();
        byte[] blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("secret"))).ciphertextBlob().asByteArray();
        blob[blob.length - 1] ^= 0x01;

        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(bytes("not a kms ciphertext blob at all"))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void shouldFailWithIncorrectKey_whenDecryptNamesAnotherKey() {
        String keyId = symmetricKey();
        String otherKeyId = symmetricKey();
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("secret"))).ciphertextBlob();

        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(otherKeyId)))
                .isInstanceOf(IncorrectKeyException.class);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).keyId(keyId)).plaintext().asUtf8String()).isEqualTo("secret");
    }

    @Test
    void shouldFailWithInvalidKeyUsage_whenEncryptingWithSigningKey() {
        String keyId = signingKey();

        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("x"))))
                .isInstanceOf(InvalidKeyUsageException.class);
    }

    // ------------------------------------------------------------------------------------------ data keys and random

    @Test
    void shouldDecryptDataKeyCiphertextToPlaintext_whenGenerateDataKeyCalled() {
        String keyId = symmetricKey();

        GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(CONTEXT));
        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(CONTEXT));

        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(decrypted.plaintext().asByteArray()).isEqualTo(dataKey.plaintext().asByteArray());
        assertThat(dataKey.keyId()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + keyId);
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void shouldReturnOnlyCiphertext_whenGenerateDataKeyWithoutPlaintextCalled() {
        String keyId = symmetricKey();

        var response = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId).numberOfBytes(16).encryptionContext(CONTEXT));
        byte[] dataKey = kms.decrypt(r -> r.ciphertextBlob(response.ciphertextBlob()).encryptionContext(CONTEXT))
                .plaintext().asByteArray();

        assertThat(response.ciphertextBlob()).isNotNull();
        assertThat(dataKey).hasSize(16);
    }

    @Test
    void shouldRejectDataKeyRequest_whenNeitherKeySpecNorNumberOfBytesGiven() {
        String keyId = symmetricKey();

        KmsException error = catchThrowableOfType(KmsException.class, () -> kms.generateDataKey(r -> r.keyId(keyId)));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldReturnRequestedNumberOfBytes_whenGenerateRandomCalled() {
        byte[] first = kms.generateRandom(r -> r.numberOfBytes(48)).plaintext().asByteArray();
        byte[] second = kms.generateRandom(r -> r.numberOfBytes(48)).plaintext().asByteArray();

        assertThat(first).hasSize(48);
        assertThat(Arrays.equals(first, second)).isFalse();
    }

    // ------------------------------------------------------------------------------------------ sign / verify

    @Test
    void shouldVerifySignature_whenSignedWithEccKey() throws Exception {
        String keyId = signingKey();
        SdkBytes message = bytes("audit record 42");
        SdkBytes digest = SdkBytes.fromByteArray(MessageDigest.getInstance("SHA-256").digest(message.asByteArray()));

        SignResponse raw = kms.sign(r -> r.keyId(keyId).message(message).messageType(MessageType.RAW)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));
        SignResponse ofDigest = kms.sign(r -> r.keyId(keyId).message(digest).messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256));

        assertThat(kms.verify(r -> r.keyId(keyId).message(message).messageType(MessageType.RAW)
                .signature(raw.signature()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signatureValid()).isTrue();
        // A signature over the digest verifies the raw message, and the other way round.
        assertThat(kms.verify(r -> r.keyId(keyId).message(message).messageType(MessageType.RAW)
                .signature(ofDigest.signature()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signatureValid()).isTrue();
        assertThat(kms.verify(r -> r.keyId(keyId).message(digest).messageType(MessageType.DIGEST)
                .signature(raw.signature()).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signatureValid()).isTrue();
    }

    @Test
    void shouldThrowInvalidSignature_whenMessageTampered() {
        String keyId = signingKey();
        SdkBytes signature = kms.sign(r -> r.keyId(keyId).message(bytes("score=0.91"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature();

        // Real KMS never answers SignatureValid=false; a failed verification is KMSInvalidSignatureException.
        KmsInvalidSignatureException error = catchThrowableOfType(KmsInvalidSignatureException.class,
                () -> kms.verify(r -> r.keyId(keyId).message(bytes("score=0.19")).signature(signature)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));

        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("KMSInvalidSignatureException");
    }

    @Test
    void shouldVerifyWithJavaSecurity_whenUsingGetPublicKeyDer() throws Exception {
        String keyId = signingKey();
        byte[] message = "consent form v3".getBytes(StandardCharsets.UTF_8);
        byte[] signature = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(message))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();

        var publicKeyResponse = kms.getPublicKey(r -> r.keyId(keyId));
        PublicKey publicKey = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(publicKeyResponse.publicKey().asByteArray()));
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(message);

        assertThat(verifier.verify(signature)).isTrue();
        assertThat(publicKeyResponse.keySpec()).isEqualTo(KeySpec.ECC_NIST_P256);
        assertThat(publicKeyResponse.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.ECDSA_SHA_256);
    }

    // ------------------------------------------------------------------------------------------ failure modes

    @Test
    void shouldFailClosedWithDisabledException_whenKeyDisabled() {
        String keyId = symmetricKey();
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("secret"))).ciphertextBlob();

        kms.disableKey(r -> r.keyId(keyId));

        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("x"))))
                .isInstanceOf(DisabledException.class);
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(DisabledException.class);
        assertThatThrownBy(() -> kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256)))
                .isInstanceOf(DisabledException.class);

        kms.enableKey(r -> r.keyId(keyId));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
    }

    @Test
    void shouldAnswer500KmsInternalException_whenFailNextRequestsSet() {
        String keyId = symmetricKey();
        emulator.failNextRequests(1);

        KmsInternalException error = catchThrowableOfType(KmsInternalException.class,
                () -> kmsWithoutRetries.encrypt(r -> r.keyId(keyId).plaintext(bytes("x"))));

        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("KMSInternalException");
        assertThat(kmsWithoutRetries.encrypt(r -> r.keyId(keyId).plaintext(bytes("x"))).ciphertextBlob()).isNotNull();
    }

    @Test
    void shouldSucceedAfterSdkRetries_whenFewerFailuresThanRetryAttempts() {
        String keyId = symmetricKey();
        emulator.failNextRequests(2);
        long before = emulator.requestCount();

        EncryptResponse response = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("x")));

        assertThat(response.ciphertextBlob()).isNotNull();
        assertThat(emulator.requestCount() - before).isEqualTo(3);
    }

    @Test
    void shouldNameOperation_whenOperationNotEmulated() {
        String keyId = symmetricKey();
        SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(bytes("x"))).ciphertextBlob();

        assertThatThrownBy(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(keyId)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ReEncrypt");
    }

    // ------------------------------------------------------------------------------------------ async client

    @Test
    void shouldRoundTripThroughDefaultAsyncNettyClient_whenUsingKmsAsyncClient() throws Exception {
        try (KmsAsyncClient async = KmsAsyncClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            String keyId = async.createKey(r -> r.description("async")).get(10, TimeUnit.SECONDS).keyMetadata().keyId();
            SdkBytes blob = async.encrypt(r -> r.keyId(keyId).plaintext(bytes("async path")).encryptionContext(CONTEXT))
                    .get(10, TimeUnit.SECONDS).ciphertextBlob();
            String plaintext = async.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT))
                    .get(10, TimeUnit.SECONDS).plaintext().asUtf8String();

            assertThat(plaintext).isEqualTo("async path");
            assertThat(async.serviceClientConfiguration()).isNotNull();
        }
    }
}
