package health.pipeline.deidentification.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextDatesTest {
    private static final TextScrubber SCRUBBER = new TextScrubber();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            7/23                | 3/22
            07/23/2019          | 03/22/2019
            10/15/19            | 6/14/19
            2019-07-23          | 2019-03-22
            2019-07-23T14:05:00Z | 2019-03-22T14:05:00Z
            nov. 3              | jul. 3
            November 3rd        | July 3rd
            Nov 3, 2019         | Jul 3, 2019
            3 Nov 2019          | 3 Jul 2019
            8/87                | 4/87
            """)
    void shouldWriteTheShiftedDateAsTheOriginalWasWritten_whenShifting(String original, String shifted) {
        assertThat(SCRUBBER.clean("seen " + original + " in clinic", PatientVocabulary.empty(), TextDates.shiftBy(-123))
                .text()).isEqualTo("seen " + shifted + " in clinic");
    }

    @Test
    void shouldReplaceDatesThatCannotBeMovedExactly_whenShifting() {
        Scrubbed clean = SCRUBBER.clean("egd on the 11th, fell at christmas, seen 2/30", PatientVocabulary.empty(),
                TextDates.shiftBy(40));
        assertThat(clean.text()).isEqualTo("egd on [DATE], fell at [DATE], seen [DATE]");
    }

    @Test
    void shouldReplaceTheDate_whenAWholeYearShiftWouldLeaveItUnchanged() {
        assertThat(SCRUBBER.clean("seen 7/23", PatientVocabulary.empty(), TextDates.shiftBy(365)).text())
                .isEqualTo("seen [DATE]");
    }

    @Test
    void shouldReplaceTheDate_whenItsYearShowsAnAgeOver89() {
        assertThat(SCRUBBER.clean("born 05/10/1931", PatientVocabulary.empty(), TextDates.shiftBy(-20)).text())
                .isEqualTo("born [DATE]");
    }

    @Test
    void shouldReplaceEveryDate_whenThePolicySaysReplace() {
        Scrubbed clean = SCRUBBER.clean("cxr 7/23 and 2019-07-23", PatientVocabulary.empty(), TextDates.replace());
        assertThat(clean.text()).isEqualTo("cxr [DATE] and [DATE]");
        assertThat(clean.replaced()).containsEntry(PhiType.DATE, 2);
        assertThat(clean.datesShifted()).isZero();
    }

    @Test
    void shouldCountShiftedDatesApartFromReplacedOnes_whenShifting() {
        Scrubbed clean = SCRUBBER.clean("cxr 7/23, on the 11th", PatientVocabulary.empty(), TextDates.shiftBy(5));
        assertThat(clean.datesShifted()).isEqualTo(1);
        assertThat(clean.replaced()).containsEntry(PhiType.DATE, 1);
    }
}
