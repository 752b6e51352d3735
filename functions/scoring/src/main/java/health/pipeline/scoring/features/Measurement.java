package health.pipeline.scoring.features;

import java.time.Instant;

/** One observed value in its unit (UCUM, after normalisation), at a time. */
public record Measurement(double value, String unit, Instant time) {
}
