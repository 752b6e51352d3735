package health.pipeline.scoring.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The manifest that travels with every model package in the models zone: what the model expects (features with
 * LOINC codes, UCUM units, valid ranges and the training distribution), how to read its output, where to draw the
 * bands, what it was trained on, how it performed, what it is for and who approved it. {@link #requireComplete()}
 * refuses a manifest that lacks any of it: no governed model, no score.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(String name, String version, String file, String sha256, String intendedUse,
        Boolean notForClinicalUse, Training training, Input input, Output output, List<Feature> features,
        double intercept, String missingValue, Bands bands, Validation validation, Drift drift, Metrics metrics,
        Approval approval) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Training(Long seed, Integer rows, String dataFingerprint, String trainer) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, String type) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String name, int positiveIndex, String label) {
    }

    /**
     * One input feature. The model consumes {@code (value - mean) / std}; its logit contribution is
     * {@code coefficient * (value - mean) / std}, exact for a logistic regression.
     *
     * @param maxAbsZ  the largest |z| seen in training: beyond it an input is out of distribution
     * @param baseline the training histogram, the reference for drift
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feature(String name, String label, List<String> loinc, String unit, double validMin,
            double validMax, double mean, double std, double coefficient, double maxAbsZ, Histogram baseline) {

        public double z(double value) {
            return (value - mean) / std;
        }
    }

    /** Interior bin edges and the share of training rows per bin ({@code edges.length + 1} bins). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Histogram(double[] edges, double[] proportions) {

        /** The bin of a value: the number of edges at or below it. */
        public int bin(double value) {
            int i = java.util.Arrays.binarySearch(edges, value);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bands(double medium, double high) {
    }

    /** @param observationWindowHours look-back for the latest measurement, from the encounter's newest observation */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Validation(int maxMissingFeatures, int observationWindowHours) {
    }

    /** @param window how many recent values per feature the population stability index compares */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Drift(double psiThreshold, double driftedShareAlarm, int window) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metrics(Double auroc, Integer testRows, Double alertRateAtHigh) {
    }

    /** @param status {@code approved} for a model that may be activated, {@code candidate} for shadow only */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Approval(String status, String approvedBy, String approvedAt, String evidence) {
    }

    /** {@code low}, {@code medium} or {@code high}. */
    public String band(double probability) {
        if (probability >= bands.high()) {
            return "high";
        }
        return probability >= bands.medium() ? "medium" : "low";
    }

    /**
     * Every field a governed model needs, checked at load time; the message names the missing field only.
     *
     * @throws ModelLoader.ModelIntegrityException when one is missing or inconsistent
     */
    public ModelManifest requireComplete() {
        require(name != null && version != null && file != null && sha256 != null, "name/version/file/sha256");
        require(intendedUse != null && !intendedUse.isBlank(), "intendedUse");
        require(training != null && training.dataFingerprint() != null && training.seed() != null,
                "training.dataFingerprint/seed");
        require(input != null && input.name() != null && output != null && output.name() != null, "input/output");
        require(features != null && !features.isEmpty(), "features");
        for (Feature f : features) {
            require(f.name() != null && f.label() != null && f.loinc() != null && !f.loinc().isEmpty()
                    && f.unit() != null, "features[" + f.name() + "].name/label/loinc/unit");
            require(f.std() > 0 && f.validMin() < f.validMax() && f.maxAbsZ() > 0,
                    "features[" + f.name() + "].std/validRange/maxAbsZ");
            require(f.baseline() != null && f.baseline().edges() != null && f.baseline().proportions() != null
                    && f.baseline().proportions().length == f.baseline().edges().length + 1,
                    "features[" + f.name() + "].baseline");
        }
        require("mean".equals(missingValue), "missingValue (only 'mean' is supported)");
        require(bands != null && bands.medium() < bands.high(), "bands");
        require(validation != null && validation.observationWindowHours() > 0, "validation");
        require(drift != null && drift.window() > 0 && drift.psiThreshold() > 0, "drift");
        require(metrics != null && metrics.auroc() != null, "metrics");
        require(approval != null && approval.status() != null, "approval");
        return this;
    }

    public boolean approved() {
        return approval != null && "approved".equals(approval.status());
    }

    private void require(boolean condition, String field) {
        if (!condition) {
            throw new ModelLoader.ModelIntegrityException("manifest of " + name + "@" + version + " lacks " + field);
        }
    }
}
