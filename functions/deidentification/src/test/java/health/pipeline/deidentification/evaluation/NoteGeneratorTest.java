package health.pipeline.deidentification.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator itself: deterministic, spans aligned with text, every category present, held-out rule kept. */
class NoteGeneratorTest {

    static final int MIN_PER_CATEGORY = 80;

    static NoteGenerator generator;
    static List<GeneratedCase> corpus;

    @BeforeAll
    static void generate() {
        generator = new NoteGenerator(new Surrogates(LexiconFiles.load(), NoteGenerator.DEFAULT_SEED),
                NoteGenerator.DEFAULT_SEED);
        corpus = generator.generate(NoteGenerator.DEFAULT_PATIENTS);
    }

    @Test
    void sameSeedSameNotesOtherSeedOtherNotes() {
        List<GeneratedCase> again = new NoteGenerator(new Surrogates(LexiconFiles.load(), NoteGenerator.DEFAULT_SEED),
                NoteGenerator.DEFAULT_SEED).generate(NoteGenerator.DEFAULT_PATIENTS);
        assertThat(again).isEqualTo(corpus);

        List<GeneratedCase> other = new NoteGenerator(new Surrogates(LexiconFiles.load(), 7L), 7L).generate(20);
        assertThat(other.get(0).notes().get(0).text()).isNotEqualTo(corpus.get(0).notes().get(0).text());
    }

    @Test
    void goldSpansAlignWithTheText() {
        for (GeneratedCase c : corpus) {
            for (GeneratedNote note : c.notes()) {
                int previousEnd = 0;
                for (GoldSpan span : note.gold()) {
                    assertThat(span.start()).as(note.id()).isGreaterThanOrEqualTo(previousEnd);
                    assertThat(span.end()).as(note.id()).isLessThanOrEqualTo(note.text().length());
                    String text = note.text().substring(span.start(), span.end());
                    assertThat(Character.isLetterOrDigit(text.charAt(0)) || text.startsWith("(")).as(note.id() + " " + span)
                            .isTrue();
                    assertThat(Character.isLetterOrDigit(text.charAt(text.length() - 1))
                            || text.endsWith(".")).as(note.id() + " " + span).isTrue();
                    boolean extension = span.category() == GoldCategory.PHONE && span.start() > 0
                            && note.text().charAt(span.start() - 1) == 'x';
                    if (span.start() > 0 && !extension) {
                        assertThat(Character.isLetterOrDigit(note.text().charAt(span.start() - 1)))
                                .as("span starts inside a word: " + note.id() + " " + span).isFalse();
                    }
                    previousEnd = span.end();
                }
                if (note.phiFree()) {
                    assertThat(note.gold()).as(note.id()).isEmpty();
                } else {
                    assertThat(note.gold()).as(note.id()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void everyCategoryAndKindIsWellRepresented() {
        Map<GoldCategory, Integer> spans = new EnumMap<>(GoldCategory.class);
        Map<NoteKind, Integer> kinds = new EnumMap<>(NoteKind.class);
        int notes = 0;
        int phiFree = 0;
        for (GeneratedCase c : corpus) {
            for (GeneratedNote note : c.notes()) {
                notes++;
                kinds.merge(note.kind(), 1, Integer::sum);
                phiFree += note.phiFree() ? 1 : 0;
                note.gold().forEach(g -> spans.merge(g.category(), 1, Integer::sum));
            }
        }
        assertThat(notes).isGreaterThanOrEqualTo(550);
        assertThat(phiFree).isGreaterThanOrEqualTo(40);
        for (NoteKind kind : NoteKind.values()) {
            assertThat(kinds.getOrDefault(kind, 0)).as(kind.name()).isGreaterThanOrEqualTo(60);
        }
        for (GoldCategory category : GoldCategory.values()) {
            assertThat(spans.getOrDefault(category, 0)).as(category.name()).isGreaterThanOrEqualTo(MIN_PER_CATEGORY);
        }
    }

    @Test
    void dateFormsIncludeWhatNursesWrite() {
        Pattern[] forms = {
            Pattern.compile("\\d{1,2}/\\d{1,2}"), Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{2}"),
            Pattern.compile("\\d{2}-\\d{2}"), Pattern.compile("\\d{1,2}(st|nd|rd|th)"),
            Pattern.compile("[a-z]{3}\\. \\d{1,2}"), Pattern.compile("[A-Z][a-z]+ \\d{1,2}(st|nd|rd|th)"),
            Pattern.compile("\\d{1,2}/\\d{2}"), Pattern.compile("\\d{1,2}/\\d{4}"),
        };
        List<String> dates = corpus.stream().flatMap(c -> c.notes().stream())
                .flatMap(n -> n.gold().stream().filter(g -> g.category() == GoldCategory.DATE)
                        .map(g -> n.text().substring(g.start(), g.end())))
                .toList();
        for (Pattern form : forms) {
            assertThat(dates).as(form.pattern()).anyMatch(d -> form.matcher(d).matches());
        }
        assertThat(dates).as("years alone are not PHI and never gold").noneMatch(d -> d.matches("\\d{4}"));
    }

    @Test
    void surrogatesComeOnlyFromTheHeldOutPartOrFromNoList() {
        LexiconFiles lexicon = LexiconFiles.load();
        Map<String, Origin> drawn = generator.surrogates().drawn();
        assertThat(drawn).isNotEmpty();
        drawn.forEach((text, origin) -> {
            switch (origin) {
                case HELD_OUT -> assertThat(HeldOut.test(text) && lexicon.contains(text)).as(text).isTrue();
                case INVENTED -> assertThat(lexicon.contains(text) || lexicon.englishWord(text)).as(text).isFalse();
                case DERIVED -> assertThat(lexicon.visibleToScrubber(text)).as(text).isFalse();
                case PATTERN -> throw new AssertionError("no surrogate string is a pattern: " + text);
            }
        });
        // And on the notes themselves: no word of a person's name is an entry the scrubber may know.
        Pattern word = Pattern.compile("[A-Za-z']{2,}");
        for (GeneratedCase c : corpus) {
            for (GeneratedNote note : c.notes()) {
                for (GoldSpan g : note.gold()) {
                    if (g.category() == GoldCategory.PATIENT_NAME || g.category() == GoldCategory.CLINICIAN_NAME
                            || g.category() == GoldCategory.OTHER_NAME) {
                        Matcher m = word.matcher(note.text().substring(g.start(), g.end()));
                        while (m.find()) {
                            String w = m.group().toLowerCase(Locale.ROOT);
                            assertThat(lexicon.visibleToScrubber(w)).as(note.id() + ": " + w).isFalse();
                        }
                    }
                }
            }
        }
    }

    @Test
    void aGoodShareOfSurrogatesIsInNoListAndSomePatientsAreNamedUnlikeTheirRecord() {
        Map<Origin, Integer> origins = new EnumMap<>(Origin.class);
        int patientNamesDerived = 0;
        for (GeneratedCase c : corpus) {
            for (GeneratedNote note : c.notes()) {
                for (GoldSpan g : note.gold()) {
                    origins.merge(g.origin(), 1, Integer::sum);
                    if (g.category() == GoldCategory.PATIENT_NAME && g.origin() == Origin.DERIVED) {
                        patientNamesDerived++;
                    }
                }
            }
        }
        int lexical = origins.getOrDefault(Origin.HELD_OUT, 0) + origins.getOrDefault(Origin.INVENTED, 0)
                + origins.getOrDefault(Origin.DERIVED, 0);
        assertThat((double) origins.getOrDefault(Origin.INVENTED, 0) / lexical).isGreaterThanOrEqualTo(0.30);
        assertThat(origins.getOrDefault(Origin.HELD_OUT, 0)).isGreaterThan(lexical / 3);
        assertThat(patientNamesDerived).as("nicknames and misspellings of the patient").isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyCaseCarriesAStructuredPatient() {
        for (GeneratedCase c : corpus) {
            assertThat(c.patient().path("resourceType").asText()).isEqualTo("Patient");
            assertThat(c.patient().path("id").asText()).isEqualTo(c.patientId());
            for (String field : List.of("name", "birthDate", "identifier", "telecom", "address")) {
                assertThat(c.patient().has(field)).as(field).isTrue();
            }
        }
    }
}
