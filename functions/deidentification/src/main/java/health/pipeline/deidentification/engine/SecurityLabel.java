package health.pipeline.deidentification.engine;

/**
 * HL7 v3 ObservationValue codes that say what de-identification did to a resource; they go into
 * {@code meta.security}, one per kind of operation, in this order.
 */
public enum SecurityLabel {
    PSEUDED("pseudonymized"),
    PERTURBED("perturbed"),
    REDACTED("redacted"),
    ABSTRED("abstracted"),
    AGGRED("aggregated"),
    MASKED("masked");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    private final String display;

    SecurityLabel(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }
}
