package health.pipeline.deidentification.evaluation;

/** The kinds of clinical note the generator writes. */
public enum NoteKind {
    /** ICU nursing notes: telegraphic, lower case, abbreviations. */
    NURSING,
    /** Physician progress notes: SOAP, semi-telegraphic. */
    PROGRESS,
    /** Radiology reports: headers, findings, impression, dictation lines. */
    RADIOLOGY,
    /** Discharge summaries: sentence case with headings. */
    DISCHARGE
}
