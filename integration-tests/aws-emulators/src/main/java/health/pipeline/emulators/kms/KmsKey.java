package health.pipeline.emulators.kms;

import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;
import javax.crypto.SecretKey;

/** One emulated KMS key: its metadata, its key material and its mutable state. */
final class KmsKey {

    /** The key specs the emulator implements, with what each needs. */
    enum Spec {
        SYMMETRIC_DEFAULT(null, null, null, 0),
        ECC_NIST_P256("secp256r1", "ECDSA_SHA_256", "SHA256", 32),
        ECC_NIST_P384("secp384r1", "ECDSA_SHA_384", "SHA384", 48),
        ECC_NIST_P521("secp521r1", "ECDSA_SHA_512", "SHA512", 64);

        final String curve;
        final String signingAlgorithm;
        final String digest;
        final int digestLength;

        Spec(String curve, String signingAlgorithm, String digest, int digestLength) {
            this.curve = curve;
            this.signingAlgorithm = signingAlgorithm;
            this.digest = digest;
            this.digestLength = digestLength;
        }

        boolean symmetric() {
            return curve == null;
        }

        /** JCA signature algorithm for a RAW message. */
        String rawJcaAlgorithm() {
            return digest + "withECDSA";
        }
    }

    static final String ENABLED = "Enabled";
    static final String DISABLED = "Disabled";
    static final String PENDING_DELETION = "PendingDeletion";

    final UUID uuid;
    final String id;
    final String arn;
    final Spec spec;
    final String keyUsage;
    final String description;
    final Instant created;
    final SecretKey secretKey;
    final KeyPair keyPair;

    volatile String state = ENABLED;
    volatile Instant deletionDate;
    volatile int pendingWindowInDays;
    volatile boolean rotationEnabled;
    volatile int rotationPeriodInDays = 365;
    volatile Instant nextRotationDate;

    KmsKey(UUID uuid, String arn, Spec spec, String keyUsage, String description, Instant created,
           SecretKey secretKey, KeyPair keyPair) {
        this.uuid = uuid;
        this.id = uuid.toString();
        this.arn = arn;
        this.spec = spec;
        this.keyUsage = keyUsage;
        this.description = description;
        this.created = created;
        this.secretKey = secretKey;
        this.keyPair = keyPair;
    }

    boolean enabled() {
        return ENABLED.equals(state);
    }

    /** Fails as KMS does when the key cannot be used for cryptographic operations. */
    void requireUsable() {
        String current = state;
        if (DISABLED.equals(current)) {
            throw KmsFault.disabled(arn);
        }
        if (PENDING_DELETION.equals(current)) {
            throw KmsFault.invalidState(arn + " is pending deletion.");
        }
    }

    void requireNotPendingDeletion() {
        if (PENDING_DELETION.equals(state)) {
            throw KmsFault.invalidState(arn + " is pending deletion.");
        }
    }

    void requireUsage(String usage, String operation) {
        if (!usage.equals(keyUsage)) {
            throw KmsFault.invalidKeyUsage("KeyUsage " + keyUsage + " of key " + arn
                    + " is not compatible with the " + operation + " operation.");
        }
    }
}
