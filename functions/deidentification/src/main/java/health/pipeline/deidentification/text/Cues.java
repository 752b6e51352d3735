package health.pipeline.deidentification.text;

/**
 * The cue phrases of {@code lexicon/cues/} (this project's own lists, one file per kind of cue, so a reviewer reads the
 * policy as lists and a miss is fixed by adding a line): the words around a candidate that make it a name, a place or
 * a date, or make a number pair clinical.
 */
final class Cues {
    /** The longest cue phrase, in words. */
    private static final int LONGEST = 4;

    /** A list of cue phrases, with the first and last words of its phrases for a one-look-up rejection. */
    static final class Phrases {
        private final WordSet phrases = new WordSet(128);
        private final WordSet firstWords = new WordSet(128);
        private final WordSet lastWords = new WordSet(128);

        void add(String phrase) {
            phrases.add(WordSet.hash(phrase));
            int firstSpace = phrase.indexOf(' ');
            firstWords.add(WordSet.hash(firstSpace < 0 ? phrase : phrase.substring(0, firstSpace)));
            lastWords.add(WordSet.hash(phrase.substring(phrase.lastIndexOf(' ') + 1)));
        }

        boolean contains(long hash) {
            return phrases.contains(hash);
        }
    }

    final WordSet titles = read("titles");
    final WordSet credentials = read("credentials");
    final WordSet kinship = read("kinship");
    final Phrases nameCues = phrases("name-cues");
    final Phrases placeCues = phrases("place-cues");
    final Phrases facilityWords = phrases("facility-words");
    final WordSet facilityGeneric = read("facility-generic");
    final WordSet fractionContexts = read("fraction-contexts");
    final WordSet ordinalNouns = read("ordinal-nouns");
    final Phrases holidays = phrases("holidays");
    final WordSet functionWords = read("function-words");
    final WordSet dateCues = read("date-cues");
    final java.util.List<String> drugStems = lines("drug-stems");

    private static WordSet read(String name) {
        WordSet set = new WordSet(128);
        lines(name).forEach(entry -> set.add(WordSet.hash(entry)));
        return set;
    }

    private static Phrases phrases(String name) {
        Phrases phrases = new Phrases();
        lines(name).forEach(phrases::add);
        return phrases;
    }

    private static java.util.List<String> lines(String name) {
        java.util.List<String> entries = new java.util.ArrayList<>();
        String resource = "/lexicon/cues/" + name + ".txt";
        try (var in = Cues.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cue list missing from the package: " + resource);
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    entries.add(entry.replaceAll("\\s+", " "));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read cue list " + resource, e);
        }
        return entries;
    }

    /** The number of words of the longest phrase of {@code set} that ends at word {@code end}, or 0. */
    static int phraseEndingAt(Words words, int end, Phrases set) {
        if (!set.lastWords.contains(words.hash(end))) {
            return 0;
        }
        for (int length = Math.min(LONGEST, end + 1); length >= 1; length--) {
            if (set.contains(words.phraseHash(end - length + 1, end))) {
                return length;
            }
        }
        return 0;
    }

    /** The number of words of the longest phrase of {@code set} that starts at word {@code start}, or 0. */
    static int phraseStartingAt(Words words, int start, Phrases set) {
        if (!set.firstWords.contains(words.hash(start))) {
            return 0;
        }
        for (int length = Math.min(LONGEST, words.size() - start); length >= 1; length--) {
            if (set.contains(words.phraseHash(start, start + length - 1))) {
                return length;
            }
        }
        return 0;
    }
}
