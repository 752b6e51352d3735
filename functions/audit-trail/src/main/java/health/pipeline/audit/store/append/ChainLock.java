package health.pipeline.audit.store.append;

/**
 * The transaction-scoped advisory locks every appender takes, so that concurrent writers (several Lambda instances,
 * the audit API) serialise on the chain head and cannot fork the chain, and only one of them makes a checkpoint.
 */
public final class ChainLock {
    /** Arbitrary, fixed: guards the chain head. */
    public static final long CHAIN_HEAD = 7_262_031L;
    /** Guards the making of the next checkpoint. */
    public static final long CHECKPOINT = 7_262_032L;
    /** Guards the archiving of the next retention segment, so two runs never archive the same entries. */
    public static final long RETENTION = 7_262_033L;

    private ChainLock() {
    }
}
