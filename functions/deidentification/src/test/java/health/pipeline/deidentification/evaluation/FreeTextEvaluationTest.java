package health.pipeline.deidentification.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, items 4 and 5: runs the production scrubber, built without the held-out lexicon entries, over the
 * generated corpus; writes {@code target/free-text-metrics.json}; fails below the floors.
 */
class FreeTextEvaluationTest {

    static final Path METRICS = Path.of("target", "free-text-metrics.json");

    @Test
    void scrubberMeetsTheSafeHarborFloorsOnNotesItNeverSaw() throws Exception {
        List<GeneratedCase> corpus = NoteGenerator.defaultCorpus();
        FreeTextEvaluation.Report report = FreeTextEvaluation.evaluate(corpus, ScrubberUnderTest.detector());
        report.describe("generator", "NoteGenerator seed " + NoteGenerator.DEFAULT_SEED + ", "
                        + NoteGenerator.DEFAULT_PATIENTS + " patients")
                .describe("scrubber", "new TextScrubber(Lexicon.load(entry -> !HeldOut.test(entry)))")
                .describe("surrogates", "held-out lexicon entries (hash % 5 == 0) or invented; never an entry the "
                        + "scrubber was built with")
                .write(METRICS);

        assertThat(report.notes()).isGreaterThanOrEqualTo(500);
        assertThat(report.notesFailed()).as("notes on which the scrubber threw").isZero();
        assertThat(report.safeHarborRecall()).as("Safe Harbor recall (clinicians excluded), see %s", METRICS)
                .isGreaterThanOrEqualTo(FreeTextEvaluation.SAFE_HARBOR_FLOOR);
        assertThat(report.recallIncludingClinicians()).as("recall including clinicians' names, see %s", METRICS)
                .isGreaterThanOrEqualTo(FreeTextEvaluation.WITH_CLINICIANS_FLOOR);
        assertThat(report.keepRate()).as("keep-rate of non-PHI words, see %s", METRICS)
                .isGreaterThanOrEqualTo(FreeTextEvaluation.KEEP_RATE_FLOOR);
    }
}
