package health.pipeline.deidentification.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The source of surrogate names and places. Draws only from the held-out part of the lexicon files
 * ({@link HeldOut}) or from names built from syllables that are in no list at all (not even an English word list);
 * held-out entries that are common English words ("she", "hope", "baker") are left out, as no reader could tell
 * them from words where no cue is written; nicknames and misspellings of
 * those are re-drawn if they happen to be an entry the scrubber may know. Every string drawn is recorded in
 * {@link #drawn()} with its origin so a test can check the rule after the fact.
 */
public final class Surrogates {

    /** A surrogate string (lower case) and where it came from. */
    public record Surrogate(String text, Origin origin) {
    }

    /** Share of draws that are invented rather than held-out lexicon entries. */
    static final double INVENTED_SHARE = 0.4;

    /** Abbreviations and short words that would be absurd as a name or hospital abbreviation. */
    static final Set<String> CLINICAL_SHORT = Set.copyOf(java.util.Arrays.asList(("icu ccu micu sicu ed er or pacu cabg chf copd cad htn dm mi cva tia uti gi gu "
            + "bmp cbc abg ct mri cxr ekg ecg iv po prn bid tid qid npo dnr dni pt ot rn np md pa sw hcp poa bm bs ng og "
            + "sbp dbp map hr rr bp ivf ns lr prbc ffp ms cc mg mcg hct plt inr ptt wbc rbc bun cr vs ams ards arf aki ckd "
            + "esrd hd cvp ci svr bipap cpap peep vent ett peg picc cvl ij sc art abx gcs rass cam adl pcp snf ltc vna cmo "
            + "afib nsr svt vt vf pea osa gerd bph hcv hiv mrsa vre esbl dvt pe sob cp loc ha abd le ue rle lle rue lue wnl "
            + "nad rrr cta sah sdh ich lp eeg emg tte tee pci acs ua bcx cx ssi dka hhs ivc svc lvef ef rv lv av mv tv "
            + "aaa bka aka dc np ap lat pa ama dr mr mrs ms miss st saint sr jr fam dtr son wife the and for with was has "
            + "not are but per via pain left right can may will bed room mom dad cm mm kg ml hr am pm us no on at as "
            + "is it in of to by an up ok").split(" ")));

    private static final Pattern NAME_ENTRY = Pattern.compile("[a-z]{3,12}");
    /** Three consonants in a row, a doubled consonant after another consonant, or a tripled letter. */
    private static final Pattern HARD_TO_SAY = Pattern.compile("[^aeiouy ]{3}|[^aeiouy ]([^aeiouy ])\\1|(.)\\2\\2");
    private static final Pattern PLACE_ENTRY = Pattern.compile("[a-z]{3,}( [a-z]{2,}){0,2}");

    private static final String[] ONSETS = {"b", "br", "c", "ch", "d", "dr", "f", "fr", "g", "gr", "h", "j", "k", "kr",
        "l", "m", "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "th", "bl", "gl", "sl", "qu"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "ei", "ia"};
    private static final String[] CODAS = {"", "", "", "", "n", "r", "l", "m", "s", "nd", "rt", "lv", "sk"};
    private static final String[] SURNAME_ENDS = {"holt", "for", "ford", "wick", "son", "ley", "ton", "vick", "quin",
        "rin", "ez", "ski", "mann", "stein", "ard", "ell", "ow", "ero", "ani", "ova", "enko", "berg", "dale", "ik",
        "ias", "ovic", "etti", "ane", "ach", "ude", "orne", "ayo", "emi", "uru"};
    private static final String[] FIRST_ENDS = {"a", "ia", "ene", "elle", "o", "an", "iel", "ette", "ya", "us", "ik",
        "en", "ie", "ina", "or", "as", "ey", "ara", "is", "on"};
    private static final String[] TOWN_ENDS = {"ton", "ville", "burg", "field", "dale", "wood", "port", "haven", "mont",
        "brook", "ford", "stead", "bury", "by", "ridge", "ham", "well", "more"};
    private static final String[] COMPOUND_HEADS = {"oak", "pine", "maple", "cedar", "elm", "willow", "birch", "brook",
        "river", "lake", "hill", "meadow", "spring", "stone", "fair", "green", "glen", "sun", "rose", "shady", "ash"};
    private static final String[] COMPOUND_TAILS = {"view", "crest", "wood", "dale", "field", "haven", "brook", "ridge",
        "side", "mont", "gate", "knoll", "hurst", "lawn"};

    private final LexiconFiles lexicon;
    private final Set<String> clinicalWords;
    private final List<String> heldOutNames;
    private final List<String> heldOutPlaces;
    private final List<String> inventedSurnames;
    private final List<String> inventedFirstNames;
    private final List<String> inventedTowns;
    private final List<String> compounds;
    private final Map<String, Origin> drawn = new TreeMap<>();

    public Surrogates(LexiconFiles lexicon, long seed) {
        this.lexicon = lexicon;
        this.clinicalWords = NoteGenerator.clinicalWords();
        this.heldOutNames = heldOut(lexicon.personNames(), NAME_ENTRY);
        this.heldOutPlaces = heldOut(lexicon.places(), PLACE_ENTRY);
        if (heldOutNames.size() < 200 || heldOutPlaces.size() < 50) {
            throw new IllegalStateException("held-out part too small: " + heldOutNames.size() + " names, "
                    + heldOutPlaces.size() + " places");
        }
        Random random = new Random(seed ^ 0x5eed_1a11L);
        this.inventedSurnames = invent(random, 3000, () -> surnameShape(random));
        this.inventedFirstNames = invent(random, 1500, () -> firstNameShape(random));
        this.inventedTowns = invent(random, 1200, () -> townShape(random));
        List<String> built = new ArrayList<>();
        for (String head : COMPOUND_HEADS) {
            for (String tail : COMPOUND_TAILS) {
                String compound = head + tail;
                if (!lexicon.visibleToScrubber(compound) && !lexicon.englishWord(compound)) {
                    built.add(compound);
                }
            }
        }
        this.compounds = List.copyOf(built);
    }

    private List<String> heldOut(Set<String> entries, Pattern shape) {
        List<String> kept = new ArrayList<>();
        for (String entry : entries) {
            if (HeldOut.test(entry) && entry.length() <= 22 && shape.matcher(entry).matches()
                    && !CLINICAL_SHORT.contains(entry) && !clinicalWords.contains(entry)
                    && !lexicon.commonWord(entry)) {
                kept.add(entry);
            }
        }
        Collections.sort(kept);
        return List.copyOf(kept);
    }

    private List<String> invent(Random random, int count, java.util.function.Supplier<String> shape) {
        Set<String> out = new LinkedHashSet<>();
        int attempts = 0;
        while (out.size() < count && attempts++ < count * 50) {
            String candidate = shape.get();
            if (candidate.length() >= 4 && candidate.length() <= 10 && !lexicon.contains(candidate)
                    && !lexicon.englishWord(candidate)
                    && !CLINICAL_SHORT.contains(candidate) && !clinicalWords.contains(candidate)
                    && !HARD_TO_SAY.matcher(candidate).find()) {
                out.add(candidate);
            }
        }
        return List.copyOf(out);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String syllable(Random random) {
        return pick(random, ONSETS) + pick(random, VOWELS) + pick(random, CODAS);
    }

    private static String surnameShape(Random random) {
        StringBuilder name = new StringBuilder();
        if (random.nextInt(5) == 0) {
            name.append(pick(random, new String[] {"a", "e", "i", "o", "u"}));
        }
        name.append(pick(random, ONSETS)).append(pick(random, VOWELS));
        if (random.nextInt(10) < 3) {
            name.append(pick(random, CODAS));
        }
        if (random.nextInt(10) < 3) {
            name.append(pick(random, ONSETS)).append(pick(random, VOWELS));
        }
        return name.append(pick(random, SURNAME_ENDS)).toString();
    }

    private static String firstNameShape(Random random) {
        return syllable(random) + (random.nextBoolean() ? pick(random, ONSETS) : "") + pick(random, FIRST_ENDS);
    }

    private static String townShape(Random random) {
        String stem = random.nextInt(3) == 0 ? syllable(random) + syllable(random) : syllable(random);
        return stem + pick(random, TOWN_ENDS);
    }

    private Surrogate record(String text, Origin origin) {
        drawn.merge(text, origin, (a, b) -> a);
        return new Surrogate(text, origin);
    }

    private Surrogate draw(Random random, List<String> heldOut, List<String> invented) {
        if (random.nextDouble() < INVENTED_SHARE) {
            return record(invented.get(random.nextInt(invented.size())), Origin.INVENTED);
        }
        return record(heldOut.get(random.nextInt(heldOut.size())), Origin.HELD_OUT);
    }

    public Surrogate surname(Random random) {
        return draw(random, heldOutNames, inventedSurnames);
    }

    public Surrogate firstName(Random random) {
        return draw(random, heldOutNames, inventedFirstNames);
    }

    public Surrogate town(Random random) {
        return draw(random, heldOutPlaces, inventedTowns);
    }

    /** A base word for a hospital, facility or street: a town, a surname, or a compound like "oakview". */
    public Surrogate placeBase(Random random) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> town(random);
            case 2, 3 -> surname(random);
            default -> {
                String compound = compounds.get(random.nextInt(compounds.size()));
                yield record(compound, lexicon.contains(compound) ? Origin.HELD_OUT : Origin.INVENTED);
            }
        };
    }

    /** A nickname of a first name ("mortimer" -> "morty"), never a name the scrubber may know. */
    public Surrogate nickname(Surrogate first, Random random) {
        String base = first.text();
        for (int attempt = 0; attempt < 8 && base.length() >= 4; attempt++) {
            int cut = 3 + random.nextInt(Math.min(2, base.length() - 3));
            String stem = base.substring(0, cut);
            if ("aeiou".indexOf(stem.charAt(stem.length() - 1)) >= 0) {
                stem = stem.substring(0, stem.length() - 1);
            }
            String candidate = stem + pick(random, new String[] {"y", "ie", "i", "o", ""});
            if (candidate.length() >= 3 && !candidate.equals(base) && acceptableVariant(candidate)) {
                return record(candidate, Origin.DERIVED);
            }
        }
        return misspelling(first, random);
    }

    /** A one-letter misspelling (double, drop, swap or vowel change), never a name the scrubber may know. */
    public Surrogate misspelling(Surrogate name, Random random) {
        String base = name.text();
        for (int attempt = 0; attempt < 12 && base.length() >= 4; attempt++) {
            int at = 1 + random.nextInt(base.length() - 2);
            StringBuilder b = new StringBuilder(base);
            switch (random.nextInt(4)) {
                case 0 -> b.insert(at, base.charAt(at));
                case 1 -> b.deleteCharAt(at);
                case 2 -> {
                    b.setCharAt(at, base.charAt(at + 1));
                    b.setCharAt(at + 1, base.charAt(at));
                }
                default -> {
                    String vowels = "aeiouy";
                    if (vowels.indexOf(base.charAt(at)) >= 0) {
                        b.setCharAt(at, vowels.charAt(random.nextInt(vowels.length())));
                    } else {
                        b.insert(at, base.charAt(at));
                    }
                }
            }
            String candidate = b.toString();
            if (!candidate.equals(base) && acceptableVariant(candidate)) {
                return record(candidate, Origin.DERIVED);
            }
        }
        return name;
    }

    private boolean acceptableVariant(String candidate) {
        return !lexicon.visibleToScrubber(candidate) && !CLINICAL_SHORT.contains(candidate)
                && !clinicalWords.contains(candidate) && !lexicon.commonWord(candidate);
    }

    /** Every surrogate string handed out so far (lower case) and its origin. */
    public Map<String, Origin> drawn() {
        return Collections.unmodifiableMap(drawn);
    }

    public LexiconFiles lexicon() {
        return lexicon;
    }

    static String capitalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean start = true;
        for (char c : text.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = c == ' ' || c == '-' || c == '\'' || c == '.';
        }
        return out.toString();
    }

    static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
