package health.pipeline.deidentification.risk;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.deidentification.engine.PatientDeidentifier;

/**
 * The quasi-identifiers of one de-identified patient as they left the function: 3-digit ZIP, birth year (or the
 * aggregated band, e.g. {@code 90+}) and administrative gender. Values absent from the output are {@code "*"}
 * (suppressed), which matches every other suppressed value.
 */
public record QuasiIdentifiers(String zip3, String birthYear, String gender) {
    private static final String SUPPRESSED = "*";

    public static QuasiIdentifiers of(JsonNode deidentifiedPatient) {
        String zip3 = deidentifiedPatient.path("address").path(0).path("postalCode").asText(SUPPRESSED);
        String birthYear = deidentifiedPatient.path("birthDate").asText("");
        birthYear = birthYear.length() >= 4 ? birthYear.substring(0, 4) : SUPPRESSED;
        for (JsonNode extension : deidentifiedPatient.path("extension")) {
            if (PatientDeidentifier.AGE_BAND_EXTENSION.equals(extension.path("url").asText())) {
                birthYear = extension.path("valueString").asText(SUPPRESSED);
            }
        }
        return new QuasiIdentifiers(zip3, birthYear, deidentifiedPatient.path("gender").asText(SUPPRESSED));
    }
}
