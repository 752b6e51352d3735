package health.pipeline.deidentification.text;

import java.util.List;

/**
 * The word-level detectors, each a few lines over the same words and classes:
 * <ol>
 * <li><b>lists</b>: a person name or place no common word shares is PHI;</li>
 * <li><b>unknown words</b>: what no list holds is PHI (recall first: a real note's rare surname is in no list);</li>
 * <li><b>titles</b>: the word after "dr", "Mrs." is a name whatever it is, and so is a name-like word after it;</li>
 * <li><b>credentials</b>: "Okafor MD", "j brown rn";</li>
 * <li><b>relatives</b>: a name-like word after "husband", "dtr", "son" ("husband Joe", "wife hope");</li>
 * <li><b>name cues</b>: a capitalised name after "spoke with", "called", "per";</li>
 * <li><b>capitalised pairs</b>: two capitalised known names together mid-sentence ("Will Brown");</li>
 * <li><b>place cues</b>: capitalised words after "lives in", "transferred from";</li>
 * <li><b>facilities</b>: the naming words before "Hospital", "Hosp", "Assisted Living", and after "St."/"Saint";</li>
 * <li><b>multi-word places</b> of the list ("Glen Burnie") when one of their words is already suspect or capitalised;</li>
 * <li><b>initials</b> next to a name ("J. Okafor").</li>
 * </ol>
 */
final class WordFindings {
    private final Lexicon lexicon;
    private final Cues cues;
    private final WordClassifier classifier;

    WordFindings(Lexicon lexicon) {
        this.lexicon = lexicon;
        this.cues = lexicon.cues;
        this.classifier = new WordClassifier(lexicon);
    }

    void find(Words words, List<Finding> into) {
        int n = words.size();
        if (n == 0) {
            return;
        }
        WordClass[] classes = classifier.classify(words);
        PhiType[] found = new PhiType[n];
        for (int w = 0; w < n; w++) {
            if (found[w] == null) {
                found[w] = intrinsic(words, classes, w);
            }
            titled(words, classes, found, w);
            credentialed(words, classes, found, w);
            related(words, classes, found, w);
            bracketedRelation(words, classes, found, w);
            cuedName(words, classes, found, w);
            strongCuedName(words, classes, found, w);
            capitalisedPair(words, classes, found, w);
            cuedPlace(words, classes, found, w);
            facility(words, classes, found, w);
            multiWordPlace(words, classes, found, w);
        }
        for (int w = 0; w < n; w++) {
            initial(words, classes, found, w);
        }
        for (int w = 0; w < n; w++) {
            if (found[w] != null) {
                into.add(new Finding(words.start(w), words.end(w), found[w]));
            }
        }
    }

    private PhiType intrinsic(Words words, WordClass[] classes, int w) {
        long hash = words.hash(w);
        if (cues.titles.contains(hash) || cues.credentials.contains(hash) || cues.kinship.contains(hash)) {
            return null; // "DR", "RN", "dtr": the cue, never the name
        }
        return switch (classes[w]) {
            case NAME -> PhiType.NAME;
            case PLACE -> PhiType.LOCATION;
            case UNKNOWN -> suspect(words, w);
            default -> null;
        };
    }

    /** An unknown word of three letters or more, or an all-capitals abbreviation (a hospital's "BMC"). */
    private static PhiType suspect(Words words, int w) {
        if (words.allUpper(w) && words.length(w) <= 5) {
            return PhiType.LOCATION;
        }
        return words.length(w) >= 3 ? PhiType.NAME : null;
    }

    /** Could this word be (part of) a name, given what follows a cue? Known names, unknown words, capitalised words. */
    private static boolean nameLike(Words words, WordClass[] classes, int w, boolean anyCapitalised) {
        WordClass c = classes[w];
        if (c == WordClass.NAME || c == WordClass.UNKNOWN || c == WordClass.PLACE) {
            return true;
        }
        return anyCapitalised && words.capitalised(w) && c != WordClass.CLINICAL && c != WordClass.NUMBER
                && c != WordClass.LETTER;
    }

    /** In the person-name list, common word or not ("hope", "will"), but never a function word ("son at bedside"). */
    private boolean isName(Words words, int w) {
        return lexicon.names.contains(words.hash(w)) && !cues.functionWords.contains(words.hash(w));
    }

    private boolean isGivenName(Words words, int w) {
        return lexicon.givenNames.contains(words.hash(w)) && !cues.functionWords.contains(words.hash(w));
    }

    private void titled(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (!cues.titles.contains(words.hash(w)) || w + 1 >= words.size() || !words.joinedAcrossDot(w)) {
            return;
        }
        int next = w + 1;
        if (classes[next] == WordClass.NUMBER || cues.titles.contains(words.hash(next))) {
            return;
        }
        if (classes[next] == WordClass.LETTER && next + 1 < words.size() && words.joinedAcrossDot(next)) {
            next++; // "Dr. J. Okafor"
        }
        found[next] = PhiType.NAME;
        if (next + 1 < words.size() && words.joinedToNext(next) && nameLike(words, classes, next + 1, true)) {
            found[next + 1] = PhiType.NAME; // "Dr. Sarah Okafor"
        }
    }

    private void credentialed(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (!cues.credentials.contains(words.hash(w))) {
            return;
        }
        int next = w + 1;
        if (next < words.size() && gapIsColonOrSpace(words, w) && nameAfterCue(words, classes, next)) {
            found[next] = PhiType.NAME; // "rn: Alexander", "np Lowther", "rn: dager"
        }
        if (w == 0) {
            return;
        }
        int before = w - 1;
        if (classes[before] == WordClass.NUMBER || classes[before] == WordClass.CLINICAL
                || cues.functionWords.contains(words.hash(before)) || !gapIsCommaOrSpace(words, before)) {
            return;
        }
        if (nameLike(words, classes, before, true) || isName(words, before) || classes[before] == WordClass.RARE) {
            found[before] = PhiType.NAME; // "Okafor MD", "Bollhoefer, MD", "lents, rn"
            int given = before - 1;
            if (given >= 0 && words.joinedToNext(given) && classes[given] != WordClass.CLINICAL
                    && classes[given] != WordClass.NUMBER && !cues.functionWords.contains(words.hash(given))
                    && (isName(words, given) || !classes[given].safe() || classes[given] == WordClass.RARE
                    || words.capitalised(given))) {
                found[given] = PhiType.NAME; // "Coco Bollhoefer, MD", "murry grassini, rn"
            }
        }
    }

    private static boolean gapIsCommaOrSpace(Words words, int w) {
        CharSequence text = words.text();
        boolean comma = false;
        for (int i = words.end(w); i < words.start(w + 1); i++) {
            char c = text.charAt(i);
            if (c == ',' && !comma) {
                comma = true;
            } else if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean gapIsColonOrSpace(Words words, int w) {
        CharSequence text = words.text();
        for (int i = words.end(w); i < words.start(w + 1); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != ':' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** "owings capewick (wife)", "sabal (brother)": the words before a relative named in brackets. */
    private void bracketedRelation(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (w == 0 || !cues.kinship.contains(words.hash(w)) || words.start(w) == 0
                || words.text().charAt(words.start(w) - 1) != '(') {
            return;
        }
        for (int k = w - 1; k >= 0 && k >= w - 2; k--) {
            if (classes[k].safe() && classes[k] != WordClass.RARE || cues.functionWords.contains(words.hash(k))) {
                return;
            }
            found[k] = PhiType.NAME;
            if (k == 0 || !words.joinedToNext(k - 1)) {
                return;
            }
        }
    }

    private void related(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (!cues.kinship.contains(words.hash(w)) || w + 1 >= words.size() || !words.joinedToNext(w)) {
            return;
        }
        int next = w + 1;
        if (isGivenName(words, next) || nameLike(words, classes, next, true) || classes[next] == WordClass.RARE
                && !cues.functionWords.contains(words.hash(next))) {
            found[next] = PhiType.NAME;
            if (next + 1 < words.size() && words.joinedToNext(next)
                    && (isGivenName(words, next + 1) || nameLike(words, classes, next + 1, true))) {
                found[next + 1] = PhiType.NAME;
            }
        }
    }

    /**
     * The word after a strong cue ("spoke w/", "paged", "family contact:", "pt"): a name when it is a known name, an
     * unknown or rarer word, or capitalised; never a function word ("paged to", "pt at") or a clinical or common word in
     * lower case.
     */
    private boolean nameAfterCue(Words words, WordClass[] classes, int w) {
        long hash = words.hash(w);
        if (cues.functionWords.contains(hash) || cues.titles.contains(hash) || cues.credentials.contains(hash)
                || cues.kinship.contains(hash)) {
            return false;
        }
        WordClass c = classes[w];
        if (c == WordClass.CLINICAL || c == WordClass.NUMBER || c == WordClass.LETTER) {
            return false;
        }
        return c != WordClass.COMMON || words.capitalised(w) && isName(words, w);
    }

    private void strongCuedName(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (w == 0 || !gapIsColonOrSpace(words, w - 1) || Cues.phraseEndingAt(words, w - 1, cues.strongNameCues) == 0) {
            return;
        }
        if (nameAfterCue(words, classes, w)) {
            found[w] = PhiType.NAME;
            if (w + 1 < words.size() && words.joinedToNext(w) && !classes[w + 1].safe()) {
                found[w + 1] = PhiType.NAME;
            }
        }
    }

    private void cuedName(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (w == 0 || !words.capitalised(w) || classes[w] == WordClass.CLINICAL || !lexicon.names.contains(words.hash(w))) {
            return;
        }
        if (Cues.phraseEndingAt(words, w - 1, cues.nameCues) > 0 && words.joinedToNext(w - 1)) {
            found[w] = PhiType.NAME;
        }
    }

    private void capitalisedPair(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (w + 1 >= words.size() || words.opensSentence(w) || !words.joinedToNext(w)) {
            return;
        }
        if (words.capitalised(w) && words.capitalised(w + 1) && isName(words, w)
                && (isName(words, w + 1) || classes[w + 1] == WordClass.UNKNOWN)
                && classes[w] != WordClass.CLINICAL && classes[w + 1] != WordClass.CLINICAL) {
            found[w] = PhiType.NAME;
            found[w + 1] = PhiType.NAME;
        }
    }

    private void cuedPlace(Words words, WordClass[] classes, PhiType[] found, int w) {
        boolean abbreviation = words.allUpper(w) && !cues.departments.contains(words.hash(w));
        if (w == 0 || classes[w] == WordClass.CLINICAL && !abbreviation || classes[w] == WordClass.NUMBER
                || cues.titles.contains(words.hash(w))) {
            return;
        }
        boolean place = classes[w] == WordClass.PLACE || placePhraseLength(words, w) > 0;
        boolean prefixed = cues.placePrefixes.contains(words.hash(w)) && w + 1 < words.size() && words.joinedToNext(w)
                && (!classes[w + 1].safe() || classes[w + 1] == WordClass.RARE || words.capitalised(w + 1));
        if (!(words.capitalised(w) || words.allUpper(w)) && !place && !prefixed && classes[w] != WordClass.UNKNOWN
                && classes[w] != WordClass.RARE) {
            return;
        }
        int cue = Cues.phraseEndingAt(words, w - 1, cues.placeCues);
        if (cue == 0 || !words.joinedToNext(w - 1)) {
            return;
        }
        if (classes[w] == WordClass.CLINICAL && cue == 1 && !cues.from.contains(words.hash(w - 1))) {
            return; // "murmur at RUSB", "pain in RLQ": an abbreviation after "at" or "in" is clinical
        }
        if (classes[w] == WordClass.RARE && cues.functionWords.contains(words.hash(w))) {
            return;
        }
        int length = Math.max(prefixed ? 2 : 1, placePhraseLength(words, w));
        for (int k = 0; k < length; k++) {
            found[w + k] = PhiType.LOCATION;
        }
        if (w + length < words.size() && words.joinedToNext(w + length - 1)
                && cues.placeSuffixes.contains(words.hash(w + length))) {
            found[w + length] = PhiType.LOCATION; // "galax city", "sherrills ford"
            length++;
        }
        // "lives in Ellicott City": following capitalised words belong to the place
        for (int k = w + length; k < words.size() && k < w + 3 && words.joinedToNext(k - 1)
                && (words.capitalised(k) || words.allUpper(k) && words.allUpper(w)) && classes[k] != WordClass.CLINICAL
                && !cues.functionWords.contains(words.hash(k)); k++) {
            found[k] = PhiType.LOCATION;
        }
    }

    /** The length in words of the longest multi-word place of the list starting at {@code w}, or 0. */
    private int placePhraseLength(Words words, int w) {
        int best = 0;
        for (int end = w + 1; end < words.size() && end < w + 4; end++) {
            if (!lexicon.placePrefixes.contains(words.phraseHash(w, end - 1))) {
                break;
            }
            if (lexicon.places.contains(words.phraseHash(w, end))) {
                best = end - w + 1;
            }
        }
        return best;
    }

    /**
     * A run of facility words and descriptors ("General Hospital", "regional medical center") that holds at least one
     * facility word, with the naming words before it ("Ashdale", "St. Vare's", "Mercy"), is a place: the whole span.
     * After "St."/"Saint", a name-like word is a place too ("St. Agnes").
     */
    private void facility(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (isSaint(words, w) && w + 1 < words.size() && words.joinedAcrossDot(w) && nameLike(words, classes, w + 1, true)
                && classes[w + 1] != WordClass.COMMON) {
            found[w] = PhiType.LOCATION;
            found[w + 1] = PhiType.LOCATION;
            return;
        }
        if (w > 0 && words.joinedToNext(w - 1) && facilityPart(words, w - 1)) {
            return; // not the start of a run
        }
        int end = w;
        boolean head = false;
        boolean weakHead = false;
        while (end < words.size()) {
            int phrase = Cues.phraseStartingAt(words, end, cues.facilityWords);
            if (phrase > 0) {
                head = true;
                end += phrase;
            } else if (cues.facilityDescriptors.contains(words.hash(end)) || cues.facilityWeakHeads.contains(words.hash(end))) {
                weakHead |= cues.facilityWeakHeads.contains(words.hash(end));
                end++;
            } else {
                break;
            }
            if (end < words.size() && !words.joinedToNext(end - 1)) {
                break;
            }
        }
        if (!head && !weakHead) {
            return;
        }
        int first = w;
        for (int k = w - 1; k >= 0 && k >= w - 3 && (words.joinedToNext(k)
                || words.joinedAcrossDot(k) && (isSaint(words, k) || words.length(k) == 1)); k--) {
            if (!namesFacility(words, classes, k, k == w - 1)) {
                break;
            }
            first = k;
        }
        boolean named = false;
        for (int k = first; k < w; k++) {
            // a weak head ("Rehab", "General") needs a proper naming word, not a lower-case common one
            named |= !isSaint(words, k) && (head || !classes[k].safe() || words.capitalised(k) || words.allUpper(k));
        }
        if (!named) {
            return;
        }
        for (int k = first; k < end; k++) {
            found[k] = PhiType.LOCATION;
        }
    }

    private boolean facilityPart(Words words, int w) {
        return Cues.phraseStartingAt(words, w, cues.facilityWords) > 0 || cues.facilityDescriptors.contains(words.hash(w))
                || cues.facilityWeakHeads.contains(words.hash(w));
    }

    /**
     * A word before a facility run that names it: "St."; a capitalised or all-capitals word; a name, place or unknown
     * word; or, right before the run, a lower-case word that is neither generic ("outside", "the") nor a function word
     * ("mercy hosp"). Never a clinical word in lower case.
     */
    private boolean namesFacility(Words words, WordClass[] classes, int w, boolean adjacent) {
        if (isSaint(words, w)) {
            return true;
        }
        WordClass c = classes[w];
        long hash = words.hash(w);
        if (c == WordClass.NUMBER || c == WordClass.LETTER || cues.facilityGeneric.contains(hash)
                || cues.functionWords.contains(hash) || cues.placeCues.contains(hash)) {
            return false;
        }
        if (words.capitalised(w) && !words.opensSentence(w) || words.allUpper(w) || !c.safe()) {
            return true;
        }
        return adjacent && c != WordClass.CLINICAL && !words.opensSentence(w) && isLowerCase(words, w);
    }

    private static boolean isLowerCase(Words words, int w) {
        return Character.isLowerCase(words.text().charAt(words.start(w)));
    }

    private static boolean isMeridiem(Words words, int w) {
        char first = Character.toLowerCase(words.text().charAt(words.start(w)));
        char second = Character.toLowerCase(words.text().charAt(words.start(w + 1)));
        return (first == 'a' || first == 'p') && second == 'm';
    }

    private static boolean isSaint(Words words, int w) {
        CharSequence text = words.text();
        int start = words.start(w);
        int length = words.length(w);
        if (length == 2) {
            return (text.charAt(start) == 'S' || text.charAt(start) == 's') && (text.charAt(start + 1) == 't')
                    && words.after(w) == '.';
        }
        return length == 5 && text.subSequence(start, start + 5).toString().equalsIgnoreCase("saint");
    }

    private void multiWordPlace(Words words, WordClass[] classes, PhiType[] found, int w) {
        int length = placePhraseLength(words, w);
        if (length < 2) {
            return;
        }
        boolean evidence = false;
        for (int k = w; k < w + length; k++) {
            evidence |= found[k] != null || words.capitalised(k);
        }
        if (evidence) {
            for (int k = w; k < w + length; k++) {
                found[k] = PhiType.LOCATION;
            }
        }
    }

    /**
     * "J. Okafor", "J Okafor", "Almada, Fuca T.": a lone capital letter just before a name, or right after one, is the
     * name's initial.
     */
    private static void initial(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (classes[w] != WordClass.LETTER || !Character.isUpperCase(words.text().charAt(words.start(w)))) {
            return;
        }
        boolean dotted = words.after(w) == '.';
        boolean beforeName = w + 1 < words.size() && found[w + 1] == PhiType.NAME && words.joinedAcrossDot(w);
        boolean afterName = w > 0 && found[w - 1] == PhiType.NAME && words.joinedToNext(w - 1);
        // "V.M.", "D.S.'s": two dotted capitals in a row are a person's initials (not "A.M.", "P.M.")
        boolean initials = dotted && w + 1 < words.size() && words.start(w + 1) == words.end(w) + 1
                && classes[w + 1] == WordClass.LETTER && Character.isUpperCase(words.text().charAt(words.start(w + 1)))
                && !isMeridiem(words, w);
        // "S. Giggy": a dotted capital and a capitalised word that is no common or clinical word
        boolean initialled = dotted && w + 1 < words.size() && words.joinedAcrossDot(w) && words.capitalised(w + 1)
                && (classes[w + 1] == WordClass.RARE || !classes[w + 1].safe());
        if (beforeName || afterName || initials || initialled) {
            found[w] = PhiType.NAME;
        }
        if (initials) {
            found[w + 1] = PhiType.NAME;
        }
        if (initialled) {
            found[w + 1] = PhiType.NAME;
        }
    }
}
