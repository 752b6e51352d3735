package health.pipeline.deidentification.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The word lists free-text cleaning reads, generated from open packages by {@code lexicon/generate} (sources, versions
 * and licences in {@code lexicon/SOURCES.md}), and the cue lists of {@code lexicon/cues/}, which are this project's
 * own. A word of a note is one of:
 * <ul>
 * <li>clinical vocabulary (drugs, anatomy, procedures, abbreviations, eponyms): never PHI by itself;</li>
 * <li>common English: PHI only where a cue says so ("dr brown", "wife hope");</li>
 * <li>a person name or a place that is not common English: PHI;</li>
 * <li>a rarer English word: kept;</li>
 * <li>none of these: suspect, and removed (an unknown word in a note is most often a name no list holds).</li>
 * </ul>
 * Loaded once per process (about half a million entries; a few megabytes of hashes).
 */
public final class Lexicon {
    private static volatile Lexicon standard;

    final WordSet clinical;
    final WordSet common;
    final WordSet english;
    final WordSet names;
    /** Given names only ("joe", "hope"): a lower-case one after "husband" or "dtr" is a name even when it is a common word. */
    final WordSet givenNames;
    final WordSet places;
    /** Every proper prefix of a multi-word place ("glen" of "glen burnie"), so a phrase is extended only while it can match. */
    final WordSet placePrefixes;
    final Cues cues;

    private Lexicon(Predicate<String> keepEntry) {
        clinical = load("clinical-terms", 4_000, entry -> true);
        cues = new Cues();
        common = load("common-words", 48_000, entry -> true);
        english = load("english-words", 300_000, entry -> true);
        names = new WordSet(220_000);
        read("person-names", entry -> {
            if (!keepEntry.test(entry)) {
                return;
            }
            // "maria jose", "de la cruz": each word that is not a common word is a name on its own.
            for (String word : entry.split(" ")) {
                long hash = WordSet.hash(word);
                if (word.length() > 1 && (entry.indexOf(' ') < 0 || !common.contains(hash))) {
                    names.add(hash);
                }
            }
        });
        givenNames = load("given-names", 12_000, keepEntry);
        places = new WordSet(60_000);
        placePrefixes = new WordSet(16_000);
        read("places", entry -> {
            if (!keepEntry.test(entry)) {
                return;
            }
            places.add(WordSet.hash(entry));
            for (int space = entry.indexOf(' '); space > 0; space = entry.indexOf(' ', space + 1)) {
                placePrefixes.add(WordSet.hash(entry, 0, space));
            }
        });
    }

    /** The lexicon the product uses: every list whole. */
    public static Lexicon standard() {
        Lexicon lexicon = standard;
        if (lexicon == null) {
            synchronized (Lexicon.class) {
                lexicon = standard;
                if (lexicon == null) {
                    lexicon = new Lexicon(entry -> true);
                    standard = lexicon;
                }
            }
        }
        return lexicon;
    }

    /**
     * A lexicon whose person-name and place entries are only those {@code keepEntry} accepts (lower-case entries, as in
     * the files): an evaluation holds names and places out to measure what the scrubber does with names no list has.
     */
    public static Lexicon load(Predicate<String> keepEntry) {
        return new Lexicon(keepEntry);
    }

    private static WordSet load(String list, int expected, Predicate<String> keep) {
        WordSet set = new WordSet(expected);
        read(list, entry -> {
            if (keep.test(entry)) {
                set.add(WordSet.hash(entry));
            }
        });
        return set;
    }

    static void read(String list, Consumer<String> entries) {
        String resource = "/lexicon/" + list + ".txt.gz";
        try (InputStream raw = Lexicon.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("word list missing from the package: " + resource);
            }
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isEmpty()) {
                        entries.accept(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word list " + resource, e);
        }
    }
}
