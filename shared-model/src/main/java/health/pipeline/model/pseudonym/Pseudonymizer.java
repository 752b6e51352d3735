package health.pipeline.model.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import health.pipeline.model.ports.KeyService;
import health.pipeline.model.util.Hashes;

/**
 * Keyed, stateless pseudonyms: HMAC-SHA256 under a secret that KMS protects. Every function instance, file and run
 * derives the same pseudonym and the same date shift for the same patient, with no lookup table to leak or lose.
 */
public final class Pseudonymizer {
    /** The encryption context the secret's ciphertext is bound to; key policies allow Decrypt only with it. */
    public static final Map<String, String> SECRET_CONTEXT = Map.of("purpose", "pseudonymisation");
    /** Hex digits of the HMAC a pseudonym keeps: 96 bits. */
    private static final int HEX_DIGITS = 24;
    private static final Pattern PATIENT_PSEUDONYM = Pattern.compile("p-[0-9a-f]{" + HEX_DIGITS + "}");

    private final SecretKeySpec key;
    private final String keyVersion;

    /**
     * @param secret     at least 32 bytes of key material; copied, so the caller may wipe its array
     * @param keyVersion recorded with every output so that a rotation can be traced
     */
    public Pseudonymizer(byte[] secret, String keyVersion) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("the pseudonymisation secret must be at least 256 bits");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), "HmacSHA256");
        this.keyVersion = keyVersion;
    }

    /**
     * Decrypts the KMS-encrypted secret (a data key generated without plaintext under the pseudonymisation key) and
     * wipes the plaintext copy. Fails closed: a secret that cannot be decrypted stops the caller from starting.
     *
     * @param secretCiphertextBase64 the ciphertext blob, base64, as the deployment sets it
     */
    public static Pseudonymizer fromSecretCiphertext(KeyService keys, String secretCiphertextBase64) {
        byte[] ciphertext = Base64.getDecoder().decode(secretCiphertextBase64.trim());
        byte[] secret;
        try {
            secret = keys.decrypt(ciphertext, SECRET_CONTEXT).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the pseudonymisation secret cannot be decrypted; refusing to run",
                    e.getCause());
        }
        try {
            return new Pseudonymizer(secret, keyVersionOf(ciphertext));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The key version derived from the KMS ciphertext of the secret: the first 16 hex digits of its SHA-256. */
    public static String keyVersionOf(byte[] secretCiphertext) {
        return "k-" + Hashes.sha256Hex(secretCiphertext).substring(0, 16);
    }

    public String keyVersion() {
        return keyVersion;
    }

    /**
     * A pseudonym for an identifier within a domain (for example {@code patient} and the source system's identifier).
     * Domain separation keeps a patient's pseudonym unrelated to an encounter's even if their source ids are equal.
     */
    public String pseudonym(String domain, String value) {
        byte[] mac = hmac(domain + "\u0000" + value);
        return domain.charAt(0) + "-" + HexFormat.of().formatHex(mac, 0, HEX_DIGITS / 2);
    }

    /**
     * True only for what {@link #pseudonym} emits in the {@code patient} domain ({@code p-} and 24 lower-case hex
     * digits): an MRN, an SSN or a name typed where a pseudonym belongs never passes for one. The event contracts'
     * {@code Pseudonym} pattern says the same.
     */
    public static boolean isPatientPseudonym(String value) {
        return value != null && PATIENT_PSEUDONYM.matcher(value).matches();
    }

    /**
     * The patient's date shift in whole days, in {@code [-maxDays, -1] ∪ [1, maxDays]}: never zero, so that a shifted
     * date never equals the real one by construction.
     */
    public int dateShiftDays(String patientKey, int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("maxDays must be at least 1");
        }
        byte[] mac = hmac("date-shift\u0000" + patientKey);
        long unsigned = ((mac[0] & 0xffL) << 24) | ((mac[1] & 0xffL) << 16) | ((mac[2] & 0xffL) << 8) | (mac[3] & 0xffL);
        int magnitude = (int) (unsigned % maxDays) + 1;
        return (mac[4] & 1) == 0 ? magnitude : -magnitude;
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
