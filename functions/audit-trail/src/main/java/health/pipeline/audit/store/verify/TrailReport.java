package health.pipeline.audit.store.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a verification. Valid only when every entry, every column, every checkpoint and every signature
 * holds.
 *
 * @param firstBadEntry         the sequence of the first entry that does not verify (a missing one included), or null
 * @param firstBadCheckpoint    the tree size of the first checkpoint that does not verify, or null
 * @param checkpointsVerified   checkpoints whose signature, root and chain head all held
 * @param signatureKey          {@code trusted} when the caller gave the public key; {@code self-asserted} when the
 *                              key stored beside each checkpoint was used (proves integrity against change by anyone
 *                              without the KMS key, not against someone who can also replace keys)
 */
public record TrailReport(boolean valid, long entries, String headHash, String rootHash, long checkpointsVerified,
        String signatureKey, Long firstBadEntry, Long firstBadCheckpoint, String problem) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("valid", valid);
        json.put("entries", entries);
        json.put("headHash", headHash);
        json.put("rootHash", rootHash);
        json.put("checkpointsVerified", checkpointsVerified);
        json.put("signatureKey", signatureKey);
        if (firstBadEntry != null) {
            json.put("firstBadEntry", firstBadEntry);
        }
        if (firstBadCheckpoint != null) {
            json.put("firstBadCheckpoint", firstBadCheckpoint);
        }
        if (problem != null) {
            json.put("problem", problem);
        }
        return json;
    }
}
