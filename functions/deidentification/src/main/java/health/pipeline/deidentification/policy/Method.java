package health.pipeline.deidentification.policy;

import java.util.Locale;

/** What a rule does to the elements it selects. */
public enum Method {
    /** Copy the element; rules on its descendants still apply. */
    KEEP,
    /** Remove the element. */
    REDACT,
    /** Move a date, dateTime or instant by the patient's keyed offset. */
    DATE_SHIFT,
    /** Replace an identifier by its keyed pseudonym under a new system. */
    CRYPTO_HASH,
    /** Reduce precision: an address to state and 3-digit ZIP, a date to its year, an age over 89 to 90. */
    GENERALIZE,
    /** Replace the value by a fixed one from the rule. */
    SUBSTITUTE,
    /** Clean free text in place: identifiers become typed placeholders such as [NAME]. */
    SCRUB_TEXT;

    /** The spelling used in policy files, e.g. {@code dateShift}. */
    public String policyName() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return out.toString();
    }

    public static Method fromPolicyName(String name) {
        for (Method method : values()) {
            if (method.policyName().equals(name)) {
                return method;
            }
        }
        return null;
    }
}
