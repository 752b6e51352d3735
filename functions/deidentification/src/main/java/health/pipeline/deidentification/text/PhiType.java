package health.pipeline.deidentification.text;

/** The kinds of identifier free-text cleaning recognises; each becomes a typed placeholder such as {@code [NAME]}. */
public enum PhiType {
    NAME, LOCATION, ADDRESS, ZIP, DATE, AGE, PHONE, FAX, EMAIL, SSN, MRN, ID, URL, IP, VIN, SERIAL;

    public String placeholder() {
        return "[" + name() + "]";
    }
}
