package health.pipeline.deidentification.evaluation;

import health.pipeline.deidentification.text.Lexicon;
import health.pipeline.deidentification.text.PatientVocabulary;
import health.pipeline.deidentification.text.TextScrubber;

/**
 * The production scrubber as the evaluation runs it: built from every lexicon entry except the held-out fifth, the
 * only part the surrogates come from, so what it finds it found by generalising.
 */
final class ScrubberUnderTest {

    private ScrubberUnderTest() {
    }

    static FreeTextEvaluation.Detector detector() {
        TextScrubber scrubber = new TextScrubber(Lexicon.load(entry -> !HeldOut.test(entry)));
        return (text, record) -> scrubber.find(text, PatientVocabulary.of(record));
    }
}
