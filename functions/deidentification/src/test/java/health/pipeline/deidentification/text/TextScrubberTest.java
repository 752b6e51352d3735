package health.pipeline.deidentification.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TextScrubberTest {
    private final TextScrubber scrubber = new TextScrubber();

    @Test
    void shouldReplaceNamesAfterKinshipOrNamingWords_whenTheRecordDoesNotKnowThem() {
        String note = "Patient arrived with daughter Ingrid (555-0164). Prefers to be called Maggie. Son seen today.";
        assertThat(scrubber.scrub(note, PatientVocabulary.empty()))
                .isEqualTo("Patient arrived with daughter [NAME] ([PHONE]). Prefers to be called [NAME]. Son seen today.");
    }

    @Test
    void shouldReplaceIdentifiersWithTypedPlaceholders_whenPatternsMatch() {
        String clean = scrubber.scrub("Call 617-555-0123 or mail j.doe@example.org, SSN 987-65-4321, seen 2026-10-02 at "
                + "https://x.example.net/a from 10.0.0.12.", PatientVocabulary.empty());
        assertThat(clean).isEqualTo("Call [PHONE] or mail [EMAIL], SSN [SSN], seen [DATE] at [URL] from [IP].");
    }

    @Test
    void shouldKeepClinicalNumbers_whenTheyOnlyLookLikeIdentifiers() {
        String note = "BP 104/62 mmHg, HR 112/min, SpO2 93% on 2 L, LOINC 8480-6, lactate 2.4 mmol/L at 06:00, in 2019.";
        assertThat(scrubber.scrub(note, PatientVocabulary.empty())).isSameAs(note);
    }

    @Test
    void shouldFindTheRecordsOwnIdentifiers_whenTheyAppearAsWords() {
        PatientVocabulary vocabulary = PatientVocabulary.fromTerms(Map.of("Eleanor", PhiType.NAME, "Testwood", PhiType.NAME,
                "555-0142", PhiType.PHONE));
        assertThat(scrubber.scrub("ELEANOR Testwood rang from 555 0142; Eleanora is her sister.", vocabulary))
                .isEqualTo("[NAME] rang from [PHONE]; [NAME] is her sister.");
    }

    @Test
    void shouldCleanTextNodesOnly_whenTheTextIsXhtml() {
        String div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"https://ehr.example.org/p/1\">Chart</a>"
                + " of Mr. Pettigrew, phone 617-555-0123</div>";
        assertThat(scrubber.scrubXhtml(div, PatientVocabulary.empty())).isEqualTo(
                "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#\">Chart</a> of Mr. [NAME], phone [PHONE]</div>");
    }

    @Test
    void shouldAggregateAgesOver89Only_whenAgesAppearInText() {
        assertThat(scrubber.scrub("a 92-year-old and a 45-year-old", PatientVocabulary.empty()))
                .isEqualTo("a [AGE] and a 45-year-old");
    }
}
