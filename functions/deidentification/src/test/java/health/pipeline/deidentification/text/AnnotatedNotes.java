package health.pipeline.deidentification.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import health.pipeline.deidentification.Fixtures;

/** Reads samples/leak-corpus/_annotated-notes.txt: notes with PHI spans marked [[TYPE:text]]. */
final class AnnotatedNotes {
    private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z]+):(.+?)]]");

    record Span(int start, int end, PhiType type) {
    }

    record Note(PatientVocabulary vocabulary, String text, List<Span> gold) {
    }

    private AnnotatedNotes() {
    }

    static List<Note> load() throws IOException {
        Map<String, PatientVocabulary> vocabularies = new HashMap<>();
        List<Note> notes = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.CORPUS.resolve("_annotated-notes.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int bar = line.indexOf('|');
            String record = line.substring(0, bar);
            PatientVocabulary vocabulary = record.equals("-") ? PatientVocabulary.empty()
                    : vocabularies.computeIfAbsent(record, r -> PatientVocabulary.of(Fixtures.firstRecord(Fixtures.CORPUS.resolve(Path.of(r)))));
            StringBuilder text = new StringBuilder();
            List<Span> gold = new ArrayList<>();
            Matcher matcher = MARK.matcher(line.substring(bar + 1));
            int at = 0;
            String marked = line.substring(bar + 1);
            while (matcher.find()) {
                text.append(marked, at, matcher.start());
                int start = text.length();
                text.append(matcher.group(2));
                gold.add(new Span(start, text.length(), PhiType.valueOf(matcher.group(1))));
                at = matcher.end();
            }
            text.append(marked.substring(at));
            notes.add(new Note(vocabulary, text.toString(), gold));
        }
        return notes;
    }
}
