package health.pipeline.deidentification.evaluation;

/** Where the surrogate inside a gold span came from; lets the metrics tell generalisation from pattern matching. */
public enum Origin {
    /** A lexicon entry in the held-out fifth (the scrubber under test is built without it). */
    HELD_OUT,
    /** Built from syllables, in no lexicon list at all. */
    INVENTED,
    /** A nickname or misspelling of a held-out or invented name (never a non-held-out lexicon entry). */
    DERIVED,
    /** Dates, phones, ages, identifiers, e-mails: made by a pattern, no lexicon involved. */
    PATTERN
}
