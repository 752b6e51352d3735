package health.pipeline.deidentification.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each detector on notes written the way nurses write them: lower case, abbreviated, no cue words where there are none
 * in real notes. One row per case: the note and what it must read after cleaning (dates replaced here; shifting has
 * its own test). These are the shapes of the misses a real ICU corpus showed, not copies of its notes.
 */
class NursingNotesTest {
    private static final TextScrubber SCRUBBER = new TextScrubber();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            clinician after a title, any case      | pt seen by dr okafor, Dr. Brown paged     | pt seen by dr [NAME], Dr. [NAME] paged
            bare surname in no list                | okafor aware of k 3.1                      | [NAME] aware of k 3.1
            title with a common-word name          | d/w Dr. Hope re: plan                      | d/w Dr. [NAME] re: plan
            credential after a name                | note by J. Velasquin RN                    | note by [NAME] RN
            relative with a common-word name       | husband Joe at bedside, wife hope called  | husband [NAME] at bedside, wife [NAME] called
            relative followed by a plain word      | son at bedside, dtr called                 | son at bedside, dtr called
            another person, no cue                 | Mia Tarrow cell# 410-555-1234 is hcp       | [NAME] cell# [PHONE] is hcp
            name after a naming verb               | Spoke with Will about plan                 | Spoke with [NAME] about plan
            town after lives in                    | lives in Dundalk with wife                 | lives in [LOCATION] with wife
            common-word town after lives in        | lives in Hope with wife                    | lives in [LOCATION] with wife
            hospital abbreviation                  | transferred from BMC for cath              | transferred from [LOCATION] for cath
            hospital with a facility word          | hx at Mercy Hosp, now from Oakview Assisted Living | hx at [LOCATION], now from [LOCATION]
            saint                                  | d/c to St. Agnes today                     | d/c to [LOCATION] today
            generic facility stays                 | back to the nursing home, osh records     | back to the nursing home, osh records
            dates without a year                   | cxr 7/23, echo 10/15, egd on the 11th      | cxr [DATE], echo [DATE], egd on [DATE]
            month names                            | nov. 3 ct head, seen November 3rd          | [DATE] ct head, seen [DATE]
            month and two-digit year               | last colonoscopy 8/87                      | last colonoscopy [DATE]
            zero-padded month-day                  | extubated 07-23                            | extubated [DATE]
            holiday                                | fell at christmas                          | fell at [DATE]
            scores and fractions stay              | pain 7/10, strength 5/5, 1/2 ns, sob 2/2 chf | pain 7/10, strength 5/5, 1/2 ns, sob 2/2 chf
            pressures stay                         | bp 120/80, peep 5, ps 10/5                 | bp 120/80, peep 5, ps 10/5
            ordinal counts stay                    | 5th ics, 2nd dose given                    | 5th ics, 2nd dose given
            times, rooms and doses stay            | 0800 lasix 40mg iv, rm 12 bed 4, gcs 15    | 0800 lasix 40mg iv, rm 12 bed 4, gcs 15
            phone forms                            | call 555-1234 x1234, pager 4411, (410)555 1234 | call [PHONE] x[PHONE], pager [PHONE], [PHONE]
            ages over 89 in digits                 | 92 yo F, 91M                               | [AGE] F, [AGE]
            ages over 89 in words                  | ninety-two year old man, in her 90s        | [AGE] man, [AGE]
            ages under 90 stay                     | 45 yo M, 89 y/o                            | 45 yo M, 89 y/o
            drug names in no list stay             | started apixaban and empagliflozin         | started apixaban and empagliflozin
            inflected jargon stays                 | desatting, titrating levophed, reintubated | desatting, titrating levophed, reintubated
            """)
    void shouldCleanTheNote_whenWrittenAsNursesWrite(String what, String note, String expected) {
        assertThat(SCRUBBER.scrub(note.strip(), PatientVocabulary.empty())).as(what).isEqualTo(expected.strip());
    }
}
