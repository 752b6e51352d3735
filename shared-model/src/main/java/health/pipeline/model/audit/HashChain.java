package health.pipeline.model.audit;

import health.pipeline.model.util.Hashes;

/**
 * The audit trail's hash chain: each entry's hash covers the previous entry's hash and the entry's canonical JSON,
 * so changing, removing, inserting or reordering any entry breaks every hash after it.
 */
public final class HashChain {
    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    public static String link(String previousHash, String canonicalEntry) {
        return Hashes.sha256Hex(previousHash + "\n" + canonicalEntry);
    }

    /** One stored entry as read back for verification. */
    public record StoredEntry(long sequence, String canonicalEntry, String previousHash, String hash) {
    }

    /**
     * The result of a verification.
     *
     * @param firstBadSequence the first entry that does not verify, or null
     * @param problem          what is wrong with it, or null
     */
    public record Verification(boolean valid, long entries, Long firstBadSequence, String problem, String headHash) {
    }

    /** Verifies entries in sequence order. */
    public static Verification verify(Iterable<StoredEntry> entries) {
        String previous = GENESIS;
        long count = 0;
        Long expectedSequence = null;
        for (StoredEntry entry : entries) {
            count++;
            if (expectedSequence != null && entry.sequence() != expectedSequence) {
                return new Verification(false, count, entry.sequence(),
                        "sequence gap: expected " + expectedSequence + " (an entry was deleted or inserted)", previous);
            }
            if (!entry.previousHash().equals(previous)) {
                return new Verification(false, count, entry.sequence(),
                        "previous-hash does not match the preceding entry", previous);
            }
            String recomputed = link(previous, entry.canonicalEntry());
            if (!recomputed.equals(entry.hash())) {
                return new Verification(false, count, entry.sequence(), "entry content does not match its hash",
                        previous);
            }
            previous = entry.hash();
            expectedSequence = entry.sequence() + 1;
        }
        return new Verification(true, count, null, null, previous);
    }
}
