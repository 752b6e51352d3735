package health.pipeline.ingestion.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;

import health.pipeline.model.ports.ObjectStore;

/**
 * An ObjectSource over an ObjectStore's whole-object reads: for tests and small objects only. The ObjectStore port
 * has no versions, so a version id is not honoured: the current content is read.
 */
public final class StoreObjectSource implements ObjectSource {
    private final ObjectStore store;

    public StoreObjectSource(ObjectStore store) {
        this.store = store;
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) throws IOException {
        try {
            return new ByteArrayInputStream(store.get(bucket, key).toCompletableFuture().join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
