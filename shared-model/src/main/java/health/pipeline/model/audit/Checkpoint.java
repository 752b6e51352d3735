package health.pipeline.model.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A signed statement of the audit trail's state: after {@code treeSize} entries the Merkle root is {@code rootHash}
 * and the chain head is {@code chainHead}. What is signed is {@link #signedText()}, a fixed line format (in the
 * manner of a transparency-log checkpoint note) that does not depend on any JSON serialiser.
 *
 * @param keyId     the signing key (a KMS key ARN on AWS)
 * @param algorithm always {@link #ALGORITHM}
 * @param signature base64 of the DER-encoded ECDSA signature, or null before signing
 */
public record Checkpoint(long treeSize, String rootHash, String chainHead, Instant issuedAt, String keyId,
        String algorithm, String signature) {
    public static final String FORMAT = "health-pipeline audit checkpoint v1";
    /** KMS signing algorithm ECDSA_SHA_256 with an ECC_NIST_P256 key; {@code SHA256withECDSA} in the JDK. */
    public static final String ALGORITHM = "ECDSA_SHA_256";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code issuedAt} is kept to the millisecond, which every store (a PostgreSQL timestamp too) holds exactly. */
    public static Checkpoint unsigned(long treeSize, String rootHash, String chainHead, Instant issuedAt, String keyId) {
        return new Checkpoint(treeSize, rootHash, chainHead, issuedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                keyId, ALGORITHM, null);
    }

    public String signedText() {
        return FORMAT + "\n" + treeSize + "\n" + rootHash + "\n" + chainHead + "\n" + issuedAt + "\n" + keyId + "\n";
    }

    public byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    public Checkpoint withSignature(String base64Signature) {
        return new Checkpoint(treeSize, rootHash, chainHead, issuedAt, keyId, algorithm, base64Signature);
    }

    /** The archive object key: zero-padded so that a listing is in tree order. */
    public String objectKey() {
        return "checkpoints/" + String.format("%020d", treeSize) + ".json";
    }

    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("treeSize", treeSize);
        json.put("rootHash", rootHash);
        json.put("chainHead", chainHead);
        json.put("issuedAt", issuedAt.toString());
        json.put("keyId", keyId);
        json.put("algorithm", algorithm);
        json.put("signature", signature);
        return json;
    }

    public byte[] toJsonBytes() {
        return toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Checkpoint fromJson(JsonNode json) {
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new IllegalArgumentException("not a checkpoint of format '" + FORMAT + "'");
        }
        return new Checkpoint(json.path("treeSize").asLong(), json.path("rootHash").asText(),
                json.path("chainHead").asText(), Instant.parse(json.path("issuedAt").asText()),
                json.path("keyId").asText(), json.path("algorithm").asText(),
                json.hasNonNull("signature") ? json.get("signature").asText() : null);
    }

    public static Checkpoint fromJson(byte[] bytes) {
        try {
            return fromJson(JSON.readTree(bytes));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a checkpoint is not JSON", e);
        }
    }
}
