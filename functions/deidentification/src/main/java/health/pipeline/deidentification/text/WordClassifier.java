package health.pipeline.deidentification.text;

/**
 * Gives each word its {@link WordClass}: a hash look-up in the lexicon, then, for a word no list holds, the same
 * look-ups after removing a possessive, an inflection or a prefix, and part by part for hyphenated and slashed words.
 */
final class WordClassifier {
    private static final String[] SUFFIXES = {"'s", "’s", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "ness", "al",
            "ally", "ic", "ous", "ive", "ion", "ions", "ity", "ment", "ments", "able", "ism", "ist", "ists", "ize", "ized",
            "izing", "ise", "ised", "ising", "y", "ier", "iest", "ies"};
    private static final String[] PREFIXES = {"re", "non", "pre", "post", "hyper", "hypo", "anti", "intra", "inter",
            "peri", "trans", "sub", "un", "de", "dis", "auto", "micro", "macro", "multi", "semi", "neuro", "cardio",
            "gastro", "hemi", "poly", "pseudo", "tachy", "brady", "endo", "extra", "over", "under", "mis", "co"};
    private static final int SHORTEST_STEM = 3;

    private final Lexicon lexicon;

    WordClassifier(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    WordClass[] classify(Words words) {
        WordClass[] classes = new WordClass[words.size()];
        for (int w = 0; w < classes.length; w++) {
            classes[w] = classify(words, w);
        }
        return classes;
    }

    private WordClass classify(Words words, int w) {
        if (words.hasDigit(w)) {
            return WordClass.NUMBER;
        }
        if (words.length(w) == 1) {
            return WordClass.LETTER;
        }
        CharSequence text = words.text();
        WordClass whole = lookUp(words.hash(w));
        if (whole != null) {
            return whole;
        }
        int start = words.start(w);
        int end = words.end(w);
        WordClass parts = byParts(text, start, end);
        if (parts != null) {
            return parts;
        }
        return derived(text, start, end);
    }

    private WordClass lookUp(long hash) {
        if (lexicon.clinical.contains(hash)) {
            return WordClass.CLINICAL;
        }
        if (lexicon.common.contains(hash)) {
            return WordClass.COMMON;
        }
        if (lexicon.names.contains(hash)) {
            return WordClass.NAME;
        }
        if (lexicon.places.contains(hash)) {
            return WordClass.PLACE;
        }
        if (lexicon.english.contains(hash)) {
            return WordClass.RARE;
        }
        return null;
    }

    /** "Okonkwo-Smith", "c/o", "non-rebreather": safe when every part is, else the first suspect part's class. */
    private WordClass byParts(CharSequence text, int start, int end) {
        int from = start;
        boolean split = false;
        WordClass suspect = null;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == '-' || text.charAt(i) == '/') {
                if (i == end && !split) {
                    return null;
                }
                split = true;
                if (i - from >= 2) {
                    WordClass part = lookUp(WordSet.hash(text, from, i));
                    if (part == null) {
                        part = derived(text, from, i);
                    }
                    if (!part.safe() && suspect == null) {
                        suspect = part;
                    }
                }
                from = i + 1;
            }
        }
        return suspect == null ? WordClass.RARE : suspect;
    }

    /** A known word with an inflection or a prefix: "desatting", "reintubated", "Okafor's" keeps Okafor's class. */
    private WordClass derived(CharSequence text, int start, int end) {
        int length = end - start;
        for (String suffix : SUFFIXES) {
            int stemEnd = end - suffix.length();
            if (stemEnd - start >= SHORTEST_STEM && endsWith(text, end, suffix)) {
                WordClass stem = lookUp(WordSet.hash(text, start, stemEnd));
                if (stem == null && stemEnd - start >= SHORTEST_STEM + 1) {
                    // a doubled consonant or a dropped e: "desatted" -> desat, "titrating" -> titrate
                    stem = text.charAt(stemEnd - 1) == text.charAt(stemEnd - 2)
                            ? lookUp(WordSet.hash(text, start, stemEnd - 1))
                            : lookUp(WordSet.finish(WordSet.step(WordSet.step(WordSet.begin(), text, start, stemEnd), 'e')));
                }
                if (stem != null) {
                    return stem.safe() ? WordClass.RARE : stem;
                }
            }
        }
        for (String prefix : PREFIXES) {
            if (length - prefix.length() >= SHORTEST_STEM + 1 && startsWith(text, start, prefix)) {
                WordClass stem = lookUp(WordSet.hash(text, start + prefix.length(), end));
                if (stem != null && stem.safe()) {
                    return WordClass.RARE;
                }
            }
        }
        for (String stem : lexicon.cues.drugStems) {
            if (length >= stem.length() + 3 && endsWith(text, end, stem)) {
                return WordClass.CLINICAL;
            }
        }
        return WordClass.UNKNOWN;
    }

    private static boolean endsWith(CharSequence text, int end, String suffix) {
        for (int k = 0; k < suffix.length(); k++) {
            if (Character.toLowerCase(text.charAt(end - suffix.length() + k)) != suffix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(CharSequence text, int start, String prefix) {
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase(text.charAt(start + k)) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
