package health.pipeline.scoring.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The manifest that travels with every model package in the models zone: what the model expects, how to read its
 * output, where to draw the bands, and what it was trained on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String name, String version, String file, String sha256, String intendedUse,
        Input input, Output output, List<Feature> features, double intercept, Bands bands) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, String type) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String name, int positiveIndex) {
    }

    /**
     * One input feature. The model consumes {@code (value - mean) / std}; its logit contribution is
     * {@code coefficient * (value - mean) / std}, exact for a logistic regression.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feature(String name, String label, List<String> loinc, String unit, double validMin,
            double validMax, double mean, double std, double coefficient) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bands(double medium, double high) {
    }

    /** {@code low}, {@code medium} or {@code high}. */
    public String band(double probability) {
        if (probability >= bands.high()) {
            return "high";
        }
        return probability >= bands.medium() ? "medium" : "low";
    }
}
