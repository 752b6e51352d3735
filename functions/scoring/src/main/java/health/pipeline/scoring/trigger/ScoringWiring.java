package health.pipeline.scoring.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.function.events.EventEmitter;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.notify.EncounterScorer;
import health.pipeline.scoring.notify.RecordScoring;

/**
 * Wires the core. The active model is loaded once per cold start and cached; if it cannot be loaded or verified,
 * every message fails and is retried, so nothing is ever scored by a wrong or missing model.
 */
@ApplicationScoped
public class ScoringWiring {

    @Produces
    @Singleton
    RecordScoring recordScoring(ObjectStore store, EventEmitter events,
            @ConfigProperty(name = "pipeline.buckets.models") String modelsBucket,
            @ConfigProperty(name = "pipeline.buckets.deid") String deidBucket,
            @ConfigProperty(name = "pipeline.keys.deid") String deidKey) {
        var model = new ModelLoader(store, modelsBucket, OnnxRiskModel::new).loadActive()
                .thenApply(EncounterScorer::new).toCompletableFuture();
        return new RecordScoring(store, model, events, deidBucket, deidKey);
    }
}
