package health.pipeline.scoring.model;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;

/**
 * Loads models from the models bucket: a pointer object names a manifest; the manifest names the model file and its
 * SHA-256. Any mismatch, or an incomplete manifest, fails closed: no model, no score, and the message is retried.
 */
public final class ModelLoader {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectStore store;
    private final String bucket;
    private final BiFunction<ModelManifest, byte[], RiskModel> runtime;

    public ModelLoader(ObjectStore store, String bucket, BiFunction<ModelManifest, byte[], RiskModel> runtime) {
        this.store = store;
        this.bucket = bucket;
        this.runtime = runtime;
    }

    public String bucket() {
        return bucket;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public CompletionStage<RiskModel> loadActive() {
        return readPointer(ModelPointer.ACTIVE).thenCompose(pointer -> load(pointer.orElseThrow(
                () -> new ModelIntegrityException("there is no " + ModelPointer.ACTIVE + " in the models bucket"))));
    }

    /** The pointer, or empty when the object does not exist (no shadow model is an ordinary state). */
    public CompletionStage<Optional<ModelPointer>> readPointer(String key) {
        return store.exists(bucket, key).thenCompose(exists -> !exists
                ? CompletableFuture.completedFuture(Optional.<ModelPointer>empty())
                : store.get(bucket, key).thenApply(bytes -> {
                    ModelPointer pointer = read(bytes, key, ModelPointer.class);
                    if (pointer.manifest() == null || pointer.manifest().isEmpty() || pointer.manifest().contains("..")) {
                        throw new ModelIntegrityException(key + " does not name a manifest");
                    }
                    return Optional.of(pointer);
                }));
    }

    /** Loads and verifies the model a pointer names; when the pointer carries a sha256, the manifest must match it. */
    public CompletionStage<RiskModel> load(ModelPointer pointer) {
        return load(pointer.manifest(), pointer.sha256());
    }

    public CompletionStage<RiskModel> load(String manifestKey, String expectedSha256) {
        return store.get(bucket, manifestKey).thenCompose(manifestBytes -> {
            ModelManifest manifest = read(manifestBytes, manifestKey, ModelManifest.class).requireComplete();
            if (expectedSha256 != null && !expectedSha256.equals(manifest.sha256())) {
                throw new ModelIntegrityException("manifest " + manifestKey + " names sha256 " + manifest.sha256()
                        + " but the pointer expects " + expectedSha256);
            }
            String directory = manifestKey.contains("/") ? manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1) : "";
            return store.get(bucket, directory + manifest.file()).thenApply(onnx -> {
                String actual = Hashes.sha256Hex(onnx);
                if (!actual.equals(manifest.sha256())) {
                    throw new ModelIntegrityException("model file of " + manifest.name() + "@" + manifest.version()
                            + " has sha256 " + actual + " but its manifest says " + manifest.sha256());
                }
                return runtime.apply(manifest, onnx);
            });
        });
    }

    private static <T> T read(byte[] bytes, String key, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (java.io.IOException e) {
            // never chain the cause: the parser's message may quote content
            throw new ModelIntegrityException(key + " is not readable as a " + type.getSimpleName());
        }
    }

    public static final class ModelIntegrityException extends RuntimeException {
        public ModelIntegrityException(String message) {
            super(message);
        }
    }
}
