package health.pipeline.deidentification.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.engine.processors.CryptoHash;

/**
 * One test per identifier of 45 CFR 164.514(b)(2)(i), (A) to (R), on the hand-made corpus where each is planted in
 * structured fields, extensions and free text.
 */
class SafeHarborTest {
    private static PatientDeidentifier.Result planted;
    private static PatientDeidentifier.Result elderly;
    private static String plantedText;

    @BeforeAll
    static void deidentifyTheCorpus() {
        PatientDeidentifier deidentifier = Fixtures.safeHarbor();
        planted = deidentifier.deidentify(Fixtures.firstRecord(Fixtures.CORPUS.resolve("planted-phi-every-field.json")));
        elderly = deidentifier.deidentify(Fixtures.firstRecord(Fixtures.CORPUS.resolve("planted-phi-over-89-restricted-zip.json")));
        plantedText = planted.resources().toString() + decodedAttachments(planted.resources());
    }

    private static String decodedAttachments(List<ObjectNode> resources) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode resource : resources) {
            for (JsonNode data : resource.findValues("data")) {
                out.append(new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return out.toString();
    }

    private static ObjectNode resource(PatientDeidentifier.Result result, String type) {
        return result.resources().stream().filter(r -> r.path("resourceType").asText().equals(type)).findFirst().orElseThrow();
    }

    private static Optional<ObjectNode> observation(String loinc) {
        return planted.resources().stream().filter(r -> r.path("code").path("coding").path(0).path("code").asText().equals(loinc))
                .findFirst();
    }

    @Test
    void shouldRemoveNames_whenIdentifierA() {
        assertThat(plantedText).doesNotContainIgnoringCase("Marguerite").doesNotContainIgnoringCase("Okonkwo")
                .doesNotContainIgnoringCase("Halvorsen").doesNotContain("Adaeze", "Ingrid", "Maggie", "Fenwick", "Alistair",
                        "Lindqvist", "Wilhelmina", "Sorensby");
        assertThat(resource(planted, "Patient").has("name")).isFalse();
        assertThat(resource(planted, "Patient").has("contact")).isFalse();
        assertThat(plantedText).contains("[NAME]"); // cleaned in place, not deleted
    }

    @Test
    void shouldKeepOnlyStateAndZip3_whenIdentifierBGeographicSubdivisions() {
        JsonNode address = resource(planted, "Patient").path("address");
        assertThat(address).hasSize(1);
        assertThat(address.get(0).path("postalCode").asText()).isEqualTo("053");
        assertThat(address.get(0).path("state").asText()).isEqualTo("VT");
        assertThat(address.get(0).has("line")).isFalse();
        assertThat(address.get(0).has("city")).isFalse();
        assertThat(address.get(0).has("district")).isFalse();
        assertThat(plantedText).doesNotContain("Thistledown", "Brattleboro", "Windham", "Kestrel", "Putney", "Montpelier",
                "05301", "05346");
        // 036 holds 20,000 people or fewer: restricted
        assertThat(resource(elderly, "Patient").path("address").get(0).path("postalCode").asText()).isEqualTo("000");
        assertThat(elderly.resources().toString()).doesNotContain("Hanover", "03640", "Orchard");
    }

    @Test
    void shouldReduceBirthDateToYearShiftOtherDatesAndAggregateAgesOver89_whenIdentifierCDates() {
        assertThat(resource(planted, "Patient").path("birthDate").asText()).isEqualTo("1958");
        assertThat(plantedText).doesNotContain("1958-03-14", "03/14/1958", "2026-11-20T08:15", "December 3, 2026",
                "04/02/2011");
        ObjectNode oldPatient = resource(elderly, "Patient");
        assertThat(oldPatient.has("birthDate")).isFalse();
        assertThat(oldPatient.path("extension").toString()).contains(PatientDeidentifier.AGE_BAND_EXTENSION, "90+");
        JsonNode onsetAge = resource(elderly, "Condition").path("onsetAge");
        assertThat(onsetAge.path("value").asInt()).isEqualTo(90);
        assertThat(onsetAge.path("comparator").asText()).isEqualTo(">=");
        assertThat(elderly.resources().toString()).doesNotContain("1931", "95-year-old", "07/09/1931").contains("[AGE]");
        assertThat(elderly.quasiIdentifiers().birthYear()).isEqualTo("90+");
    }

    @Test
    void shouldRemoveTelephoneNumbers_whenIdentifierD() {
        assertThat(resource(planted, "Patient").has("telecom")).isFalse();
        assertThat(plantedText).doesNotContain("555-0187", "555-0164", "555-0111", "5550187").contains("[PHONE]");
    }

    @Test
    void shouldRemoveFaxNumbers_whenIdentifierE() {
        assertThat(plantedText).doesNotContain("555-0199");
        assertThat(plantedText).contains("[FAX]");
    }

    @Test
    void shouldRemoveEmailAddresses_whenIdentifierF() {
        assertThat(plantedText).doesNotContain("marguerite.okh", "example.com").contains("[EMAIL]");
    }

    @Test
    void shouldPseudonymiseSocialSecurityNumbers_whenIdentifierG() {
        assertThat(plantedText).doesNotContain("987-65-4325", "987654325").contains("[SSN]");
        JsonNode identifiers = resource(planted, "Patient").path("identifier");
        assertThat(identifiers.get(0).path("system").asText()).isEqualTo(PatientDeidentifier.PSEUDONYM_SYSTEM);
        for (int i = 1; i < identifiers.size(); i++) {
            assertThat(identifiers.get(i).path("system").asText()).isEqualTo(CryptoHash.IDENTIFIER_SYSTEM);
            assertThat(identifiers.get(i).path("value").asText()).matches("i-[0-9a-f]{24}");
        }
        assertThat(identifiers.toString()).contains("\"SS\"");
    }

    @Test
    void shouldPseudonymiseMedicalRecordNumbers_whenIdentifierH() {
        assertThat(plantedText).doesNotContain("QX-7781203", "7781203").contains("[MRN]");
        assertThat(resource(planted, "Patient").path("identifier").toString()).contains("\"MR\"");
    }

    @Test
    void shouldRemoveHealthPlanBeneficiaryNumbers_whenIdentifierI() {
        assertThat(plantedText).doesNotContain("HPB-44102987", "44102987");
        assertThat(planted.resources()).noneMatch(r -> r.path("resourceType").asText().equals("Coverage"));
    }

    @Test
    void shouldRemoveAccountNumbers_whenIdentifierJ() {
        assertThat(plantedText).doesNotContain("00918273645");
        assertThat(planted.resources()).noneMatch(r -> r.path("resourceType").asText().equals("Account"));
    }

    @Test
    void shouldRemoveCertificateAndLicenseNumbers_whenIdentifierK() {
        assertThat(plantedText).doesNotContain("VT-D4471209", "D4471209", "X55021974", "9941207735");
    }

    @Test
    void shouldRemoveVehicleIdentifiers_whenIdentifierL() {
        assertThat(plantedText).doesNotContain("1HGCM82633A004352", "7KX-219").contains("[VIN]");
    }

    @Test
    void shouldRemoveDeviceIdentifiersAndSerialNumbers_whenIdentifierM() {
        assertThat(plantedText).doesNotContain("PX-55310-ZQ", "TX-88123-B", "00844588003288", "LOT-FLU-7731-Q")
                .contains("[SERIAL]");
        assertThat(planted.resources()).noneMatch(r -> r.path("resourceType").asText().equals("Device"));
        assertThat(observation("8310-5").orElseThrow().has("device")).isFalse();
    }

    @Test
    void shouldRemoveUrls_whenIdentifierN() {
        assertThat(plantedText).doesNotContain("portal.example-hospital.org", "ehr.example-hospital.org",
                "marguerite-okh.example.net");
        for (ObjectNode resource : planted.resources()) {
            assertThat(resource.findValues("url").stream().map(JsonNode::asText).filter(url -> url.contains(":")))
                    .allMatch(url -> url.startsWith("http://hl7.org/") || url.startsWith("urn:health-pipeline:"));
        }
    }

    @Test
    void shouldRemoveIpAddresses_whenIdentifierO() {
        assertThat(plantedText).doesNotContain("203.0.113.47").contains("[IP]");
    }

    @Test
    void shouldRemoveBiometricContent_whenIdentifierPBinaryAttachments() {
        ObjectNode document = resource(planted, "DocumentReference");
        JsonNode pdf = document.path("content").get(1).path("attachment");
        assertThat(pdf.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(pdf.has("data")).isFalse();
        assertThat(pdf.has("url")).isFalse();
    }

    @Test
    void shouldRemoveFullFacePhotographs_whenIdentifierQ() {
        assertThat(resource(planted, "Patient").has("photo")).isFalse();
        assertThat(plantedText).doesNotContain("JFIF");
    }

    @Test
    void shouldPseudonymiseEveryOtherIdentifierAndId_whenIdentifierR() {
        assertThat(plantedText).doesNotContain("a1000000-0000-4000-8000", "V-20261120-0042", "DOC-55012", "99118877123");
        for (ObjectNode resource : planted.resources()) {
            assertThat(resource.path("id").asText()).matches("[per]-[0-9a-f]{24}");
            assertThat(resource.path("meta").path("tag").toString()).contains("safe-harbor-1.0.0", "k-test");
        }
    }
}
