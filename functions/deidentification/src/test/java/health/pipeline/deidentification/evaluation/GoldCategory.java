package health.pipeline.deidentification.evaluation;

/** What a gold span is, in the categories of issue 13 (Safe Harbor identifiers plus clinicians' names). */
public enum GoldCategory {
    PATIENT_NAME, CLINICIAN_NAME, OTHER_NAME, DATE, LOCATION, ADDRESS, PHONE, AGE, ID, CONTACT;

    /** Safe Harbor (45 CFR 164.514(b)(2)) names the patient, relatives and household members, not clinicians. */
    public boolean safeHarbor() {
        return this != CLINICIAN_NAME;
    }
}
