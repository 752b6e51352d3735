package health.pipeline.deidentification.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.deidentification.Fixtures;

/**
 * Free text inside a record, as the engine cleans it: notes in a declared charset, dates shifted with the patient's
 * own offset, and the counts of what was replaced in the resource's meta (what a privacy officer audits).
 */
class FreeTextInRecordsTest {
    private final PatientDeidentifier deidentifier = Fixtures.safeHarbor();

    private static JsonNode bundle(String data, String contentType) {
        try {
            return Fixtures.JSON.readTree("""
                    {"resourceType": "Bundle", "type": "collection", "entry": [
                      {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
                        "identifier": [{"system": "urn:mrn", "value": "MRN-7781"}],
                        "name": [{"family": "Quennell", "given": ["Marguerite"]}], "birthDate": "1950-02-03"}},
                      {"fullUrl": "urn:uuid:d1", "resource": {"resourceType": "DocumentReference", "id": "d1",
                        "status": "current", "subject": {"reference": "urn:uuid:p1"},
                        "content": [{"attachment": {"contentType": "%s", "data": "%s"}}]}}]}
                    """.formatted(contentType, data));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String note(ObjectNode documentReference) {
        JsonNode attachment = documentReference.path("content").path(0).path("attachment");
        return new String(Base64.getDecoder().decode(attachment.path("data").asText()), StandardCharsets.UTF_8);
    }

    private ObjectNode documentOf(JsonNode record) {
        return deidentifier.deidentify(record).resources().stream()
                .filter(r -> r.path("resourceType").asText().equals("DocumentReference")).findFirst().orElseThrow();
    }

    @Test
    void shouldReadTheNoteInItsDeclaredCharset_whenTheAttachmentIsNotUtf8() {
        String text = "Pt seen by Dr. Okafor; husband Jürgen called from Mönchengladbach, cell 410-555-1234.";
        ObjectNode document = documentOf(bundle(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1)),
                "text/plain; charset=ISO-8859-1"));
        String clean = note(document);
        assertThat(clean).doesNotContain("Okafor", "Jürgen", "Mönchengladbach", "555-1234").contains("Pt seen by Dr. [NAME]");
        assertThat(document.path("content").path(0).path("attachment").path("contentType").asText())
                .isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void shouldRemoveTheText_whenItsCharsetIsUnknown() {
        ObjectNode document = documentOf(bundle(Base64.getEncoder().encodeToString("Dr. Okafor".getBytes(StandardCharsets.UTF_8)),
                "text/plain; charset=x-no-such-charset"));
        assertThat(document.path("content").path(0).path("attachment").has("data")).isFalse();
        assertThat(document.toString()).doesNotContain("Okafor");
    }

    @Test
    void shouldCountWhatFreeTextCleaningReplaced_whenAResourceHoldsNotes() {
        String text = "Marguerite seen by dr okafor on 7/23, egd on the 11th; daughter Ingrid cell 410-555-1234.";
        ObjectNode document = documentOf(bundle(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
                "text/plain"));
        JsonNode findings = document.path("meta").path("extension").path(0);
        assertThat(findings.path("url").asText()).isEqualTo(PatientDeidentifier.TEXT_FINDINGS_EXTENSION);
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        findings.path("extension").forEach(e -> counts.put(e.path("url").asText(), e.path("valueInteger").asInt()));
        assertThat(counts).containsEntry("NAME", 3).containsEntry("PHONE", 1).containsEntry("DATE_SHIFTED", 1)
                .containsEntry("DATE", 1);
        assertThat(findings.toString()).doesNotContain("Marguerite", "okafor", "Ingrid", "7/23", "555");
    }

    @Test
    void shouldShiftDatesInTheNoteByThePatientsOwnOffset_whenThePolicySaysShift() {
        var result = deidentifier.deidentify(bundle(Base64.getEncoder().encodeToString(
                "cxr 2026-07-23, echo 2026-07-30".getBytes(StandardCharsets.UTF_8)), "text/plain"));
        ObjectNode document = result.resources().stream()
                .filter(r -> r.path("resourceType").asText().equals("DocumentReference")).findFirst().orElseThrow();
        java.time.LocalDate first = java.time.LocalDate.parse("2026-07-23").plusDays(result.dateShiftDays());
        java.time.LocalDate second = java.time.LocalDate.parse("2026-07-30").plusDays(result.dateShiftDays());
        assertThat(note(document)).isEqualTo("cxr " + first + ", echo " + second);
    }

    @Test
    void shouldLabelTheResourceMasked_whenCleaningOnlyRemovedALink() throws Exception {
        ObjectNode record = (ObjectNode) bundle(Base64.getEncoder().encodeToString("no identifiers".getBytes(
                StandardCharsets.UTF_8)), "text/plain");
        ((ObjectNode) record.at("/entry/1/resource")).putObject("text").put("status", "generated").put("div",
                "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"https://ehr.example.org/d/1\">report</a></div>");
        ObjectNode document = documentOf(record);
        assertThat(document.at("/text/div").asText()).contains("href=\"#\"").doesNotContain("ehr.example.org")
                .contains("xmlns=\"http://www.w3.org/1999/xhtml\""); // FHIR requires the XHTML namespace on the div
        assertThat(document.path("meta").path("security").findValuesAsText("code")).contains("MASKED");
    }
}
