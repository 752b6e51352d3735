package health.pipeline.deidentification.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The identifiers a record itself states in structured fields (names, identifiers, phone numbers, e-mail addresses,
 * street lines, cities, ZIP codes, birth dates) of its patient, contacts, related persons and practitioners. Free text
 * of the same record is searched for them: a nurse's note that says "Eleanor called from 555-0142" is caught even
 * though "Eleanor" is no pattern. Built once per record; holds PHI, so it never leaves the record's processing.
 */
public final class PatientVocabulary {
    private static final Pattern WORD_SPLIT = Pattern.compile("[\\s,]+");
    private static final int SHORTEST_TERM = 3;

    /** Terms by their first word, lower-cased; each entry is the term's words. */
    private final Map<String, List<Term>> byFirstWord;
    /** Phone and fax numbers, matched on their digits whatever the punctuation. */
    private final Pattern numbers;
    private final List<PhiType> numberTypes;

    private record Term(String[] words, PhiType type) {
    }

    private PatientVocabulary(Map<String, List<Term>> byFirstWord, Pattern numbers, List<PhiType> numberTypes) {
        this.byFirstWord = byFirstWord;
        this.numbers = numbers;
        this.numberTypes = numberTypes;
    }

    public static PatientVocabulary empty() {
        return new PatientVocabulary(Map.of(), null, List.of());
    }

    /** Collects the vocabulary of a record Bundle (or of a single resource). */
    public static PatientVocabulary of(JsonNode recordBundle) {
        Map<String, PhiType> terms = new LinkedHashMap<>();
        if (recordBundle.has("entry")) {
            for (JsonNode entry : recordBundle.path("entry")) {
                collect(entry.path("resource"), terms);
            }
        } else {
            collect(recordBundle, terms);
        }
        return fromTerms(terms);
    }

    static PatientVocabulary fromTerms(Map<String, PhiType> terms) {
        Map<String, List<Term>> byFirstWord = new HashMap<>();
        List<String> numberRegexes = new ArrayList<>();
        List<PhiType> numberTypes = new ArrayList<>();
        terms.forEach((term, type) -> {
            if (type == PhiType.PHONE || type == PhiType.FAX) {
                numberRegexes.add(digitsRegex(term));
                numberTypes.add(type);
                return;
            }
            String[] words = Tokens.words(term.toLowerCase(Locale.ROOT));
            if (words.length > 0) {
                byFirstWord.computeIfAbsent(words[0], w -> new ArrayList<>()).add(new Term(words, type));
            }
        });
        // Longest terms first, so that "Eleanor Testwood" wins over "Eleanor".
        byFirstWord.values().forEach(list -> list.sort(Comparator.comparingInt((Term t) -> t.words().length).reversed()));
        Pattern numbers = null;
        if (!numberRegexes.isEmpty()) {
            StringBuilder regex = new StringBuilder();
            for (String number : numberRegexes) {
                regex.append(regex.isEmpty() ? "" : "|").append('(').append(number).append(')');
            }
            numbers = Pattern.compile("(?<!\\d)(?:" + regex + ")(?!\\d)");
        }
        return new PatientVocabulary(Map.copyOf(byFirstWord), numbers, List.copyOf(numberTypes));
    }

    /** The last 7 digits (the subscriber number): local notes rarely repeat the area code. */
    private static String digitsRegex(String term) {
        String digits = term.replaceAll("\\D", "");
        digits = digits.substring(Math.max(0, digits.length() - 7));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            out.append(i == 0 ? "" : "[\\s().-]{0,2}").append(digits.charAt(i));
        }
        return out.toString();
    }

    public void find(String text, List<Finding> into) {
        if (!byFirstWord.isEmpty()) {
            Tokens tokens = Tokens.of(text);
            for (int i = 0; i < tokens.size(); i++) {
                List<Term> candidates = byFirstWord.get(tokens.lower(i));
                boolean found = false;
                if (candidates != null) {
                    for (Term term : candidates) {
                        if (tokens.matches(i, term.words())) {
                            into.add(new Finding(tokens.start(i), tokens.end(i + term.words().length - 1), term.type()));
                            found = true;
                            break;
                        }
                    }
                }
                if (!found && tokens.lower(i).indexOf('-') > 0) {
                    findParts(tokens.lower(i), tokens.start(i), into);
                }
            }
        }
        if (numbers != null && Tokens.hasDigit(text)) {
            Matcher matcher = numbers.matcher(text);
            while (matcher.find()) {
                for (int g = 1; g <= numberTypes.size(); g++) {
                    if (matcher.start(g) >= 0) {
                        into.add(new Finding(matcher.start(), matcher.end(), numberTypes.get(g - 1)));
                        break;
                    }
                }
            }
        }
    }

    /** A hyphenated word of which one part is a one-word term: "Okonkwo-Smith" when only "Okonkwo" is known. */
    private void findParts(String word, int offset, List<Finding> into) {
        int at = 0;
        for (String part : word.split("-")) {
            List<Term> candidates = byFirstWord.get(part);
            if (candidates != null) {
                for (Term term : candidates) {
                    if (term.words().length == 1) {
                        into.add(new Finding(offset + at, offset + at + part.length(), term.type()));
                        break;
                    }
                }
            }
            at += part.length() + 1;
        }
    }

    private static void collect(JsonNode resource, Map<String, PhiType> terms) {
        String type = resource.path("resourceType").asText();
        boolean person = type.equals("Patient") || type.equals("RelatedPerson") || type.equals("Practitioner")
                || type.equals("Person");
        if (!person) {
            return;
        }
        collectPerson(resource, terms);
        for (JsonNode contact : resource.path("contact")) {
            collectPerson(contact, terms);
        }
        for (JsonNode extension : resource.path("extension")) {
            // mothersMaidenName and similar name-holding extensions; other strings are sentences, not names
            if (extension.path("url").asText("").toLowerCase(Locale.ROOT).contains("name")
                    && extension.path("valueString").isTextual()) {
                names(extension.get("valueString").asText(), terms);
            }
            if (extension.has("valueHumanName")) {
                collectPerson(JsonNodeFactory.instance.objectNode().set("name", extension.get("valueHumanName")), terms);
            }
            address(extension.path("valueAddress"), terms);
        }
        if (type.equals("Patient") && resource.path("birthDate").isTextual()) {
            String birthDate = resource.path("birthDate").asText();
            add(terms, birthDate, PhiType.DATE);
            if (birthDate.length() == 10) {
                String month = birthDate.substring(5, 7);
                String day = birthDate.substring(8, 10);
                String year = birthDate.substring(0, 4);
                add(terms, month + "/" + day + "/" + year, PhiType.DATE);
                add(terms, Integer.parseInt(month) + "/" + Integer.parseInt(day) + "/" + year, PhiType.DATE);
            }
        }
    }

    private static void collectPerson(JsonNode person, Map<String, PhiType> terms) {
        for (JsonNode name : iterate(person.path("name"))) {
            for (JsonNode given : name.path("given")) {
                names(given.asText(), terms);
            }
            names(name.path("family").asText(""), terms);
            names(name.path("text").asText(""), terms);
        }
        for (JsonNode identifier : person.path("identifier")) {
            add(terms, identifier.path("value").asText(""), PhiType.ID);
        }
        for (JsonNode telecom : person.path("telecom")) {
            String value = telecom.path("value").asText("");
            String system = telecom.path("system").asText("");
            if (system.equals("phone") || system.equals("fax") || system.equals("sms") || system.equals("pager")) {
                if (value.replaceAll("\\D", "").length() >= 7) {
                    add(terms, value, system.equals("fax") ? PhiType.FAX : PhiType.PHONE);
                }
            } else {
                add(terms, value, system.equals("email") ? PhiType.EMAIL : PhiType.URL);
            }
        }
        for (JsonNode address : iterate(person.path("address"))) {
            address(address, terms);
        }
    }

    private static void address(JsonNode address, Map<String, PhiType> terms) {
        for (JsonNode line : address.path("line")) {
            add(terms, line.asText(), PhiType.ADDRESS);
        }
        add(terms, address.path("city").asText(""), PhiType.ADDRESS);
        add(terms, address.path("district").asText(""), PhiType.ADDRESS);
        add(terms, address.path("postalCode").asText(""), PhiType.ZIP);
    }

    private static void names(String text, Map<String, PhiType> terms) {
        for (String word : WORD_SPLIT.split(text.strip())) {
            String bare = word.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
            add(terms, bare, PhiType.NAME);
            for (String part : bare.split("-")) {
                add(terms, part, PhiType.NAME); // double-barrelled names: either part alone identifies too
            }
        }
        add(terms, text.strip(), PhiType.NAME);
    }

    private static void add(Map<String, PhiType> terms, String term, PhiType type) {
        String clean = term == null ? "" : term.strip();
        if (clean.length() >= SHORTEST_TERM) {
            terms.putIfAbsent(clean, type);
        }
    }

    private static Iterable<JsonNode> iterate(JsonNode node) {
        return node.isArray() ? node : node.isObject() ? List.of(node) : List.of();
    }
}
