package health.pipeline.model.ports.memory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import health.pipeline.model.ports.ObjectStore;

/** An ObjectStore fake for unit tests of function cores. */
public final class InMemoryObjectStore implements ObjectStore {

    /** What was stored, including the server-side encryption key that was requested. */
    public record StoredObject(byte[] content, String contentType, String kmsKeyId, Map<String, String> metadata) {
    }

    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<byte[]> get(String bucket, String key) {
        StoredObject object = objects.get(bucket + "/" + key);
        return object == null ? CompletableFuture.failedFuture(new NotFound(bucket, key))
                : CompletableFuture.completedFuture(object.content().clone());
    }

    @Override
    public CompletionStage<Void> put(String bucket, String key, byte[] content, String contentType, String kmsKeyId,
            Map<String, String> metadata) {
        objects.put(bucket + "/" + key, new StoredObject(content.clone(), contentType, kmsKeyId, metadata));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> exists(String bucket, String key) {
        return CompletableFuture.completedFuture(objects.containsKey(bucket + "/" + key));
    }

    /** All objects of a bucket by key. */
    public Map<String, StoredObject> bucket(String bucket) {
        Map<String, StoredObject> result = new TreeMap<>();
        objects.forEach((path, object) -> {
            if (path.startsWith(bucket + "/")) {
                result.put(path.substring(bucket.length() + 1), object);
            }
        });
        return result;
    }
}
