package health.pipeline.deidentification.evaluation;

import health.pipeline.deidentification.text.PatientVocabulary;
import health.pipeline.deidentification.text.TextScrubber;

/** The production scrubber as the evaluation runs it. */
final class ScrubberUnderTest {

    private ScrubberUnderTest() {
    }

    static FreeTextEvaluation.Detector detector() {
        // TODO(issue 13): build it without the held-out entries once the Lexicon API is on main:
        //   new TextScrubber(Lexicon.load(entry -> !HeldOut.test(entry)))
        TextScrubber scrubber = new TextScrubber();
        return (text, record) -> scrubber.find(text, PatientVocabulary.of(record));
    }
}
