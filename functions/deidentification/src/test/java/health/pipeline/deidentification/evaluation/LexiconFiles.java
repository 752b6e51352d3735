package health.pipeline.deidentification.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the scrubber's lexicon files, {@code lexicon/person-names.txt.gz} and {@code lexicon/places.txt.gz} (gzip
 * text, one lower-case entry per line; entries may hold several words separated by one space), as shipped in
 * {@code src/main/resources/lexicon/} and therefore on the test class path. The system property
 * {@code deid.eval.lexicon.dir} points at another folder holding the same two files (a development aid only).
 * The evaluation reads the full lists so it can prove that every surrogate it draws is held out or in no list.
 * Entries written with double quotes ({@code "aberdeen gardens"}) are never drawn; their unquoted form counts as
 * known to the scrubber whatever its hash, to be safe.
 */
public record LexiconFiles(Set<String> personNames, Set<String> places, Set<String> quotedForms,
        Set<String> commonWords, Set<String> englishWords) {

    public static final String PERSON_NAMES = "lexicon/person-names.txt.gz";
    public static final String PLACES = "lexicon/places.txt.gz";
    /** Common English (SCOWL size 35): a held-out entry that is one of these is never drawn as a name. */
    public static final String COMMON_WORDS = "lexicon/common-words.txt.gz";
    /** A large English word list: an invented name is never one of these. */
    public static final String ENGLISH_WORDS = "lexicon/english-words.txt.gz";

    private static LexiconFiles cached;

    public static synchronized LexiconFiles load() {
        if (cached == null) {
            Set<String> names = read(PERSON_NAMES);
            Set<String> places = read(PLACES);
            Set<String> quoted = new HashSet<>();
            for (Set<String> list : List.of(names, places)) {
                for (String entry : list) {
                    if (entry.indexOf('"') >= 0) {
                        quoted.add(entry.replace("\"", "").strip());
                    }
                }
            }
            cached = new LexiconFiles(names, places, Set.copyOf(quoted), readIfPresent(COMMON_WORDS),
                    readIfPresent(ENGLISH_WORDS));
        }
        return cached;
    }

    public boolean contains(String entry) {
        String key = entry.toLowerCase(Locale.ROOT);
        return personNames.contains(key) || places.contains(key) || quotedForms.contains(key);
    }

    /** True when the scrubber under test may know this string: it is a lexicon entry outside the held-out part. */
    public boolean visibleToScrubber(String entry) {
        String key = entry.toLowerCase(Locale.ROOT);
        return ((personNames.contains(key) || places.contains(key)) && !HeldOut.test(key)) || quotedForms.contains(key);
    }

    /** Whether a surrogate drawn from a list would be an English word that no reader could tell from a name. */
    public boolean commonWord(String entry) {
        return commonWords.contains(entry.toLowerCase(Locale.ROOT));
    }

    public boolean englishWord(String entry) {
        return englishWords.contains(entry.toLowerCase(Locale.ROOT)) || commonWord(entry);
    }

    private static Set<String> readIfPresent(String resource) {
        String dir = System.getProperty("deid.eval.lexicon.dir");
        boolean present = dir != null && !dir.isBlank() ? Files.exists(Path.of(dir).resolve(resource))
                : LexiconFiles.class.getClassLoader().getResource(resource) != null;
        return present ? read(resource) : Set.of();
    }

    private static Set<String> read(String resource) {
        String dir = System.getProperty("deid.eval.lexicon.dir");
        try (InputStream raw = dir != null && !dir.isBlank()
                ? Files.newInputStream(Path.of(dir).resolve(resource))
                : LexiconFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("lexicon file " + resource + " is not on the class path (it belongs in "
                        + "functions/deidentification/src/main/resources/" + resource + ")");
            }
            Set<String> entries = new HashSet<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String entry = line.strip().toLowerCase(Locale.ROOT);
                    if (!entry.isEmpty() && !entry.startsWith("#")) {
                        entries.add(entry);
                    }
                }
            }
            return Set.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon file " + resource, e);
        }
    }
}
