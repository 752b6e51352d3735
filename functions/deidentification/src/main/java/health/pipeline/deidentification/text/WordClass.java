package health.pipeline.deidentification.text;

/** What the lexicon says a word is, before any context (see {@link Lexicon}). */
enum WordClass {
    /** Has a digit: numbers are left to the patterns. */
    NUMBER,
    /** One letter: an initial at most, judged with its neighbours. */
    LETTER,
    CLINICAL,
    COMMON,
    /** A person name that is not common English. */
    NAME,
    /** A place that is not common English. */
    PLACE,
    /** An English word outside the common vocabulary, or a known word inflected ("desatting", "pt's"). */
    RARE,
    /** In no list, even after removing an inflection: suspect. */
    UNKNOWN;

    boolean safe() {
        return this == CLINICAL || this == COMMON || this == RARE || this == NUMBER;
    }
}
