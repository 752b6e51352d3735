package health.pipeline.scoring.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import health.pipeline.contracts.ModelRef;
import health.pipeline.contracts.ObjectRef;

/**
 * A pointer object in the models bucket: {@code active.json} (the model clinicians are scored by) or
 * {@code shadow.json} (a candidate scored beside it, never sent). The bootstrap pointer names only the package;
 * a pointer written on a ModelPromoted event also records that decision, and every model active before, which is
 * what a rollback may return to.
 *
 * @param manifest manifest key within the bucket
 * @param history  models active before this one, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelPointer(String name, String version, String sha256, String manifest, String decision,
        String approver, ObjectRef evidence, String eventId, Instant activatedAt, List<ModelRef> history) {

    public static final String ACTIVE = "active.json";
    public static final String SHADOW = "shadow.json";

    public ModelRef ref() {
        return new ModelRef(name, version, sha256);
    }

    /** Where a registry model's manifest lives: {@code <name>/<version>/manifest.json}. */
    public static String manifestKey(ModelRef model) {
        return model.name() + "/" + model.version() + "/manifest.json";
    }
}
