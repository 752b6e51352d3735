package health.pipeline.scoring.governance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import health.pipeline.scoring.drift.DriftMonitor;
import health.pipeline.scoring.drift.MetricsSink;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.ModelPointer;
import health.pipeline.scoring.notify.EncounterScorer;

/**
 * The models this function instance scores with: the active one (from {@code active.json}) and, when
 * {@code shadow.json} names a different one, a shadow candidate. Loaded at the first message, verified by
 * {@link ModelLoader} (fail closed), and re-checked against the pointers at most every {@code refreshEvery}, so a
 * promotion handled by one instance reaches every warm instance within that time (docs/adr/0030).
 */
public final class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** What one batch is scored with. */
    public record Models(EncounterScorer active, DriftMonitor drift, Optional<EncounterScorer> shadow) {
    }

    private final ModelLoader loader;
    private final Duration windowOverride;
    private final MetricsSink metrics;
    private final Duration refreshEvery;
    private final Clock clock;
    private CompletableFuture<Models> current;
    private Instant checkedAt = Instant.MIN;

    /** @param windowOverride the observation window, or null for each manifest's own */
    public ModelRegistry(ModelLoader loader, Duration windowOverride, MetricsSink metrics, Duration refreshEvery,
            Clock clock) {
        this.loader = loader;
        this.windowOverride = windowOverride;
        this.metrics = metrics;
        this.refreshEvery = refreshEvery;
        this.clock = clock;
    }

    public ModelLoader loader() {
        return loader;
    }

    public synchronized CompletionStage<Models> current() {
        Instant now = clock.instant();
        boolean failed = current != null && current.isCompletedExceptionally();
        if (current == null || failed) {
            current = load();
            checkedAt = now;
        } else if (!now.isBefore(checkedAt.plus(refreshEvery))) {
            checkedAt = now;
            CompletableFuture<Models> loaded = current;
            current = loaded.thenCompose(models -> pointers().thenCompose(pointers -> {
                String activeSha = pointers.active().sha256();
                String shadowSha = pointers.shadow().map(ModelPointer::sha256)
                        .filter(sha -> !sha.equals(activeSha)).orElse(null);
                String loadedShadow = models.shadow().map(s -> s.modelRef().sha256()).orElse(null);
                boolean unchanged = models.active().modelRef().sha256().equals(activeSha)
                        && java.util.Objects.equals(loadedShadow, shadowSha);
                return unchanged ? CompletableFuture.completedFuture(models) : build(pointers);
            })).toCompletableFuture();
        }
        return current;
    }

    /** Forgets the loaded models, so the next message reads the pointers again (after this instance promoted). */
    public synchronized void invalidate() {
        current = null;
    }

    private record Pointers(ModelPointer active, Optional<ModelPointer> shadow) {
    }

    private CompletionStage<Pointers> pointers() {
        return loader.readPointer(ModelPointer.ACTIVE).thenCombine(loader.readPointer(ModelPointer.SHADOW),
                (active, shadow) -> new Pointers(active.orElseThrow(() -> new ModelLoader.ModelIntegrityException(
                        "there is no " + ModelPointer.ACTIVE + " in the models bucket")), shadow));
    }

    private CompletableFuture<Models> load() {
        return pointers().thenCompose(this::build).toCompletableFuture();
    }

    private CompletionStage<Models> build(Pointers pointers) {
        // Superseded ONNX sessions are not closed here: a batch still in flight may hold them. Promotions are rare,
        // and a Lambda execution environment is recycled long before the leak matters.
        var active = loader.load(pointers.active()).thenApply(model -> new EncounterScorer(model, windowOverride));
        Optional<ModelPointer> shadow = pointers.shadow()
                .filter(s -> s.sha256() == null || !s.sha256().equals(pointers.active().sha256()));
        CompletionStage<Optional<EncounterScorer>> candidate = shadow.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : loader.load(shadow.get()).thenApply(model -> Optional.of(new EncounterScorer(model, windowOverride)));
        return active.thenCombine(candidate, (a, s) -> {
            LOG.infof("scoring with %s@%s (sha256 %s)%s", a.modelRef().name(), a.modelRef().version(),
                    a.modelRef().sha256(), s.map(c -> "; shadow " + c.modelRef().name() + "@" + c.modelRef().version())
                            .orElse(""));
            return new Models(a, new DriftMonitor(a.manifest(), metrics), s);
        });
    }
}
