package health.pipeline.scoring.model;

import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.model.ports.ObjectStore;
import health.pipeline.model.util.Hashes;

/**
 * Loads the active model: the pointer object {@code active.json} names a manifest; the manifest names the model file
 * and its SHA-256. Any mismatch fails closed: no model, no score, and the batch is retried.
 */
public final class ModelLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore store;
    private final String bucket;
    private final BiFunction<ModelManifest, byte[], RiskModel> runtime;

    public ModelLoader(ObjectStore store, String bucket, BiFunction<ModelManifest, byte[], RiskModel> runtime) {
        this.store = store;
        this.bucket = bucket;
        this.runtime = runtime;
    }

    public CompletionStage<RiskModel> loadActive() {
        return store.get(bucket, "active.json").thenCompose(pointerBytes -> {
            String manifestKey = readTree(pointerBytes, "active.json").path("manifest").asText();
            if (manifestKey.isEmpty() || manifestKey.contains("..")) {
                throw new ModelIntegrityException("active.json does not name a manifest");
            }
            return store.get(bucket, manifestKey).thenCompose(manifestBytes -> {
                ModelManifest manifest;
                try {
                    manifest = JSON.treeToValue(readTree(manifestBytes, manifestKey), ModelManifest.class);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new ModelIntegrityException("manifest " + manifestKey + " does not match the expected shape");
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
        });
    }

    private static JsonNode readTree(byte[] bytes, String key) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new ModelIntegrityException(key + " is not readable JSON");
        }
    }

    public static final class ModelIntegrityException extends RuntimeException {
        public ModelIntegrityException(String message) {
            super(message);
        }
    }
}
