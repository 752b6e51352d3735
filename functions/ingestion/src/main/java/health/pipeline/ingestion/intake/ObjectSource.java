package health.pipeline.ingestion.intake;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming reads of landed objects (the shared {@code ObjectStore.get} returns whole byte arrays, which a 1 GB file
 * cannot be). On AWS an S3 GetObject response stream; in tests the in-memory store.
 */
public interface ObjectSource {

    /** The object's content from its first byte; the caller closes it. */
    InputStream open(String bucket, String key) throws IOException;
}
