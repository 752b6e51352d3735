package health.pipeline.ingestion.intake;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming reads of landed objects (the shared {@code ObjectStore.get} returns whole byte arrays, which a 1 GB file
 * cannot be). On AWS an S3 GetObject response stream; in tests the in-memory store.
 */
public interface ObjectSource {

    /**
     * The content of one version of an object from its first byte; the caller closes it.
     *
     * @param versionId the version an S3 notification named, or null for the current version (an unversioned
     *                  bucket, such as the local cloud's S3Proxy, notifies none)
     * @throws health.pipeline.model.ports.ObjectStore.NotFound when the object or that version does not exist
     */
    InputStream open(String bucket, String key, String versionId) throws IOException;
}
