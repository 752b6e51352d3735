package health.pipeline.deidentification.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import health.pipeline.deidentification.text.Finding;
import health.pipeline.deidentification.text.PhiType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scoring can fail: an empty scrubber gets recall 0, a partial cover is a leak, over-scrubbing costs keep-rate. */
class FreeTextEvaluationScoringTest {

    //                               0         1         2
    //                               0123456789012345678901234567
    private static final String TEXT = "seen by dr okafor on 7/23.";

    private static GeneratedCase handMade() {
        GeneratedNote note = new GeneratedNote("n1", NoteKind.NURSING, false, TEXT, List.of(
                new GoldSpan(11, 17, GoldCategory.CLINICIAN_NAME, Origin.INVENTED),
                new GoldSpan(21, 25, GoldCategory.DATE, Origin.PATTERN)));
        return new GeneratedCase("p1", JsonNodeFactory.instance.objectNode().put("resourceType", "Patient"), List.of(note));
    }

    @Test
    void anEmptyScrubberHasRecallZeroOnTheGeneratedCorpus() {
        List<GeneratedCase> corpus = new NoteGenerator(new Surrogates(LexiconFiles.load(), 11L), 11L).generate(40);
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(corpus, (text, record) -> List.of());
        assertThat(report.safeHarborRecall()).isZero();
        assertThat(report.recallIncludingClinicians()).isZero();
        for (GoldCategory category : GoldCategory.values()) {
            assertThat(report.recall(category).total()).as(category.name()).isPositive();
            assertThat(report.recall(category).ratio()).as(category.name()).isZero();
        }
        assertThat(report.keepRate()).isEqualTo(1.0);
        assertThat(report.precision()).isNaN();
        assertThat(report.firstMissed()).hasSize(FreeTextEvaluation.MISSED_EXAMPLES);
    }

    @Test
    void anOracleScoresOne() {
        List<GeneratedCase> corpus = new NoteGenerator(new Surrogates(LexiconFiles.load(), 11L), 11L).generate(20);
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(corpus, (text, record) -> corpus.stream()
                .flatMap(c -> c.notes().stream()).filter(n -> n.text().equals(text)).findFirst().orElseThrow()
                .gold().stream().map(g -> new Finding(g.start(), g.end(), PhiType.NAME)).toList());
        assertThat(report.safeHarborRecall()).isEqualTo(1.0);
        assertThat(report.recallIncludingClinicians()).isEqualTo(1.0);
        assertThat(report.precision()).isEqualTo(1.0);
        assertThat(report.keepRate()).isEqualTo(1.0);
    }

    @Test
    void aPartialCoverLeaksAndAFalseFindingCostsPrecisionAndKeepRate() {
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(List.of(handMade()), (text, record) -> List.of(
                new Finding(11, 16, PhiType.NAME),   // "okafo": the last letter stays, a leak
                new Finding(21, 25, PhiType.DATE),   // "7/23": found
                new Finding(0, 4, PhiType.NAME)));   // "seen": not PHI
        assertThat(report.recall(GoldCategory.CLINICIAN_NAME).ratio()).isZero();
        assertThat(report.recall(GoldCategory.DATE).ratio()).isEqualTo(1.0);
        assertThat(report.safeHarborRecall()).isEqualTo(1.0);
        assertThat(report.recallIncludingClinicians()).isEqualTo(0.5);
        assertThat(report.precision()).isEqualTo(2.0 / 3);
        assertThat(report.keepTally().total()).isEqualTo(4); // seen, by, dr, on
        assertThat(report.keepRate()).isEqualTo(3.0 / 4);
        assertThat(report.firstMissed()).containsExactly("CLINICIAN_NAME:a");
    }

    @Test
    void punctuationInsideASpanNeedNotBeCovered() {
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(List.of(handMade()), (text, record) -> List.of(
                new Finding(11, 17, PhiType.NAME), new Finding(21, 22, PhiType.DATE), new Finding(23, 25, PhiType.DATE)));
        assertThat(report.recallIncludingClinicians()).isEqualTo(1.0);
    }

    @Test
    void aScrubberThatThrowsFindsNothingAndIsCounted() {
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(List.of(handMade()), (text, record) -> {
            throw new IllegalStateException("boom");
        });
        assertThat(report.notesFailed()).isEqualTo(1);
        assertThat(report.recallIncludingClinicians()).isZero();
    }

    @Test
    void scrubbingEverythingFindsEverythingButKeepsNothing() {
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(List.of(handMade()),
                (text, record) -> List.of(new Finding(0, text.length(), PhiType.NAME)));
        assertThat(report.recallIncludingClinicians()).isEqualTo(1.0);
        assertThat(report.keepRate()).isZero();
        assertThat(report.toJson().path("keepRate").path("keepRate").asDouble()).isZero();
    }

    @Test
    void shapesHideTheText() {
        assertThat(FreeTextEvaluation.shape("7/23")).isEqualTo("d/dd");
        assertThat(FreeTextEvaluation.shape("Okafor")).isEqualTo("Aa");
        assertThat(FreeTextEvaluation.shape("nov. 3")).isEqualTo("a. d");
    }
}
