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
            cuedName(words, classes, found, w);
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
        if (w == 0 || !cues.credentials.contains(words.hash(w))) {
            return;
        }
        int before = w - 1;
        if (classes[before] == WordClass.NUMBER || classes[before] == WordClass.CLINICAL) {
            return;
        }
        if (nameLike(words, classes, before, true) || isName(words, before)) {
            found[before] = PhiType.NAME;
            if (before > 0 && (isName(words, before - 1) || classes[before - 1] == WordClass.UNKNOWN
                    || words.capitalised(before - 1) && !words.opensSentence(before - 1))) {
                found[before - 1] = PhiType.NAME;
            }
        }
    }

    private void related(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (!cues.kinship.contains(words.hash(w)) || w + 1 >= words.size() || !words.joinedToNext(w)) {
            return;
        }
        int next = w + 1;
        if (isGivenName(words, next) || nameLike(words, classes, next, true)) {
            found[next] = PhiType.NAME;
            if (next + 1 < words.size() && words.joinedToNext(next)
                    && (isGivenName(words, next + 1) || nameLike(words, classes, next + 1, true))) {
                found[next + 1] = PhiType.NAME;
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
        if (w == 0 || classes[w] == WordClass.CLINICAL || classes[w] == WordClass.NUMBER
                || cues.titles.contains(words.hash(w))) {
            return;
        }
        boolean place = lexicon.places.contains(words.hash(w)) || placePhraseLength(words, w) > 0;
        if (!(words.capitalised(w) || words.allUpper(w)) && !place) {
            return;
        }
        if (Cues.phraseEndingAt(words, w - 1, cues.placeCues) == 0 || !words.joinedToNext(w - 1)) {
            return;
        }
        int length = Math.max(1, placePhraseLength(words, w));
        for (int k = 0; k < length; k++) {
            found[w + k] = PhiType.LOCATION;
        }
        // "lives in Ellicott City": following capitalised words belong to the place
        for (int k = w + length; k < words.size() && k < w + 3 && words.joinedToNext(k - 1) && words.capitalised(k)
                && classes[k] != WordClass.CLINICAL; k++) {
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

    private void facility(Words words, WordClass[] classes, PhiType[] found, int w) {
        boolean saint = isSaint(words, w);
        int facilityLength = saint ? 0 : Cues.phraseStartingAt(words, w, cues.facilityWords);
        if (saint && w + 1 < words.size() && words.joinedAcrossDot(w) && nameLike(words, classes, w + 1, true)
                && classes[w + 1] != WordClass.COMMON) {
            found[w] = PhiType.LOCATION;
            found[w + 1] = PhiType.LOCATION;
            return;
        }
        if (facilityLength == 0 || w == 0) {
            return;
        }
        int first = w;
        for (int k = w - 1; k >= 0 && k >= w - 3 && words.joinedToNext(k); k--) {
            if (!namesFacility(words, classes, k)) {
                break;
            }
            first = k;
        }
        if (first == w) {
            return;
        }
        for (int k = first; k < w + facilityLength; k++) {
            found[k] = PhiType.LOCATION;
        }
    }

    /** A word before a facility word that is part of its name: not generic ("outside", "the"), not clinical. */
    private boolean namesFacility(Words words, WordClass[] classes, int w) {
        WordClass c = classes[w];
        if (c == WordClass.NUMBER || c == WordClass.LETTER || cues.facilityGeneric.contains(words.hash(w))) {
            return isSaint(words, w);
        }
        return c != WordClass.CLINICAL || words.capitalised(w) || words.allUpper(w);
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

    /** "J. Okafor", "J Okafor": a lone capital letter just before a name is the name's initial. */
    private static void initial(Words words, WordClass[] classes, PhiType[] found, int w) {
        if (classes[w] != WordClass.LETTER || w + 1 >= words.size() || found[w + 1] != PhiType.NAME
                || !Character.isUpperCase(words.text().charAt(words.start(w))) || !words.joinedAcrossDot(w)) {
            return;
        }
        found[w] = PhiType.NAME;
    }
}
