package health.pipeline.scoring.trigger;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import health.pipeline.function.events.EventEmitter;
import health.pipeline.function.security.BearerTokens;
import health.pipeline.model.crypto.DetachedSignatures;
import health.pipeline.model.ports.ObjectStore;
import health.pipeline.scoring.drift.EmbeddedMetricFormat;
import health.pipeline.scoring.drift.MetricsSink;
import health.pipeline.scoring.governance.ModelPromotion;
import health.pipeline.scoring.governance.ModelRegistry;
import health.pipeline.scoring.model.ModelLoader;
import health.pipeline.scoring.model.OnnxRiskModel;
import health.pipeline.scoring.notify.RecordScoring;

/**
 * Wires the core. The models are loaded at the first message and re-checked against their pointers periodically;
 * if they cannot be loaded or verified, every message fails and is retried, so nothing is ever scored by a wrong or
 * missing model.
 */
@ApplicationScoped
public class ScoringWiring {

    @Produces
    @Singleton
    MetricsSink metrics() {
        return new EmbeddedMetricFormat(System.out, Clock.systemUTC());
    }

    @Produces
    @Singleton
    ModelRegistry modelRegistry(ObjectStore store, MetricsSink metrics,
            @ConfigProperty(name = "pipeline.buckets.models") String modelsBucket,
            @ConfigProperty(name = "pipeline.scoring.observation-window") Optional<Duration> window,
            @ConfigProperty(name = "pipeline.scoring.model-refresh", defaultValue = "PT60S") Duration refresh) {
        return new ModelRegistry(new ModelLoader(store, modelsBucket, OnnxRiskModel::new), window.orElse(null),
                metrics, refresh, Clock.systemUTC());
    }

    @Produces
    @Singleton
    RecordScoring recordScoring(ObjectStore store, ModelRegistry models, EventEmitter events, MetricsSink metrics,
            @ConfigProperty(name = "pipeline.buckets.deid") String deidBucket,
            @ConfigProperty(name = "pipeline.keys.deid") String deidKey) {
        return new RecordScoring(store, models, events, metrics, deidBucket, deidKey);
    }

    @Produces
    @Singleton
    ModelPromotion modelPromotion(ObjectStore store, ModelRegistry models, EventEmitter events,
            @ConfigProperty(name = "pipeline.keys.models") Optional<String> modelsKey,
            @ConfigProperty(name = "pipeline.scoring.gate-report-public-key") Optional<String> gateReportKey,
            @ConfigProperty(name = "pipeline.scoring.approval-jwt.public-key") Optional<String> approvalKey,
            @ConfigProperty(name = "pipeline.scoring.approval-jwt.issuer") Optional<String> approvalIssuer,
            @ConfigProperty(name = "pipeline.scoring.approval-jwt.audience") Optional<String> approvalAudience) {
        // Pinned, not fetched: a verifier that asked the store it verifies for the key would verify nothing.
        BearerTokens approvals = approvalKey.isPresent() && approvalIssuer.isPresent() && approvalAudience.isPresent()
                ? new BearerTokens(BearerTokens.publicKey(approvalKey.get()), approvalIssuer.get(), approvalAudience.get())
                : null;
        return new ModelPromotion(store, models, events, modelsKey.orElse(null), gateReportKey
                .map(key -> DetachedSignatures.publicKey(Base64.getDecoder().decode(key.strip()))).orElse(null),
                approvals);
    }
}
