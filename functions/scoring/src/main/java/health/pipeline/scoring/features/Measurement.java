package health.pipeline.scoring.features;

/** One observed value in its unit (UCUM), at a time (ISO 8601 text, comparable within one record). */
public record Measurement(double value, String unit, String time) {
}
