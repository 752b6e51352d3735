package health.pipeline.deidentification.evaluation;

import java.util.Locale;

/**
 * The held-out split of the lexicon files. An entry is held out when the hash of its lower-case form is 0 mod 5
 * (about a fifth of each list). The evaluation builds the scrubber from every entry <em>except</em> these
 * ({@code Lexicon.load(entry -> !HeldOut.test(entry))}) and draws its surrogate names and places <em>only</em> from
 * these (or invents names that are in no list), so the measured recall is recall on names the scrubber never saw.
 */
public final class HeldOut {

    private HeldOut() {
    }

    public static boolean test(String entry) {
        return (entry.toLowerCase(Locale.ROOT).hashCode() & 0x7fffffff) % 5 == 0;
    }
}
