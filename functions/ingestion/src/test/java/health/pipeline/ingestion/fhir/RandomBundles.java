package health.pipeline.ingestion.fhir;

import java.util.Random;

/**
 * Bundles built at random from pieces that matter to ingestion: valid and invalid dates and units, references that
 * resolve or not, Patients linked to Patients, fullUrls present, absent, null or numbers, escapes, numbers in several
 * spellings, duplicate keys, unusual key orders, and now and then a broken byte.
 */
final class RandomBundles {
    private static final String[] TYPES = {"collection", "transaction", "batch", "document", "searchset", "history"};
    private static final String[] DATES = {"2026-11-23", "2026-11", "2026", "2026-02-30", "0000-01-01", "26-11-23",
        "2026-13-01", ""};
    private static final String[] DATE_TIMES = {"2026-11-23T06:00:00Z", "2026-11-23T06:00:00.123+14:00",
        "2026-11-23T06:00:00+14:30", "2026-11-23T24:00:00Z", "2026-11-23T06:00:60-05:00", "2026-11-23T06:00Z",
        "2026-11-23", "2026-11-23T06:00:00", "1999", "x"};
    private static final String[] UNITS = {"/min", "{beats}/min", "%", "kg", "mm[Hg]"};
    private static final String[] LOINC = {"8867-4", "59408-5", "29463-7", "1234-5"};
    private static final String[] TEXT = {"plain", "caf\\u00e9", "\\ud83d\\ude00", "\\ud800", "quote \\\" and \\\\",
        "tab\\t", "\u00fc\u4e2d", "a \\\\uD83D backslash"};
    private static final String[] NUMBERS = {"1", "1.0", "1e2", "-0", "0.10", "12345678901234567890123", "1.5E-3"};

    private RandomBundles() {
    }

    static String bundle(Random random) {
        int patients = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(3);
        int others = random.nextInt(6);
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < patients + others; i++) {
            if (i > 0) {
                entries.append(',');
            }
            entries.append(i < patients ? patient(random, i, patients) : other(random, i, patients, patients + others));
        }
        String root = random.nextInt(10) == 0 ? "{\"entry\":[" + entries + "],\"type\":\"" + pick(random, TYPES)
                + "\",\"resourceType\":\"Bundle\"}"
                : "{\"resourceType\":\"Bundle\",\"type\":\"" + pick(random, TYPES) + "\",\"entry\":[" + entries + "]}";
        return random.nextInt(20) == 0 ? breakOneByte(random, root) : root;
    }

    private static String patient(Random random, int i, int patients) {
        StringBuilder resource = new StringBuilder("{\"resourceType\":\"Patient\"");
        if (random.nextInt(5) > 0) {
            resource.append(",\"id\":\"p").append(i).append('"');
        }
        if (random.nextBoolean()) {
            resource.append(",\"birthDate\":\"").append(pick(random, DATES)).append('"');
        }
        resource.append(",\"name\":[{\"text\":\"").append(pick(random, TEXT)).append("\"}]");
        if (patients > 1 && random.nextInt(4) == 0) {
            resource.append(",\"link\":[{\"other\":{\"reference\":\"").append(patientReference(random, patients))
                    .append("\"}}]");
        }
        if (random.nextInt(30) == 0) {
            resource.append(",\"gender\":\"female\",\"gender\":\"male\"");
        }
        return entry(random, "urn:uuid:p" + i, resource.append('}').toString());
    }

    private static String other(Random random, int i, int patients, int count) {
        StringBuilder resource = new StringBuilder("{\"resourceType\":\"");
        int kind = random.nextInt(5);
        switch (kind) {
            case 0 -> resource.append("Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                    + "\"http://loinc.org\",\"code\":\"").append(pick(random, LOINC)).append("\"}]},"
                    + "\"valueQuantity\":{\"value\":").append(pick(random, NUMBERS))
                    .append(",\"system\":\"http://unitsofmeasure.org\",\"code\":\"").append(pick(random, UNITS))
                    .append("\"},\"effectiveDateTime\":\"").append(pick(random, DATE_TIMES)).append('"');
            case 1 -> resource.append("Encounter\",\"status\":\"finished\",\"class\":{\"code\":\"IMP\"},\"period\":"
                    + "{\"start\":\"").append(pick(random, DATE_TIMES)).append("\"}");
            case 2 -> resource.append("Practitioner\"");
            case 3 -> resource.append("Condition\"");
            default -> resource.append(random.nextInt(5) == 0 ? "Spaceship\"" : "Organization\"");
        }
        resource.append(",\"id\":\"r").append(i).append('"');
        if (random.nextInt(6) > 0 && (patients > 0 || random.nextBoolean())) {
            resource.append(",\"subject\":{\"reference\":\"").append(patientReference(random, Math.max(patients, 1)))
                    .append("\"}");
        }
        if (random.nextInt(3) == 0) {
            String target = random.nextInt(10) == 0 ? "urn:uuid:missing" : "urn:uuid:r" + random.nextInt(count);
            resource.append(",\"performer\":[{\"reference\":\"").append(target).append("\"},{\"display\":\"")
                    .append(pick(random, TEXT)).append("\"}]");
        }
        return entry(random, "urn:uuid:r" + i, resource.append('}').toString());
    }

    private static String patientReference(Random random, int patients) {
        int p = random.nextInt(patients);
        return switch (random.nextInt(4)) {
            case 0 -> "Patient/p" + p;
            case 1 -> "Patient?identifier=x";
            default -> "urn:uuid:p" + p;
        };
    }

    private static String entry(Random random, String fullUrl, String resource) {
        return switch (random.nextInt(12)) {
            case 0 -> "{\"resource\":" + resource + "}";
            case 1 -> "{\"fullUrl\":null,\"resource\":" + resource + "}";
            case 2 -> "{\"resource\":" + resource + ",\"fullUrl\":\"" + fullUrl + "\"}";
            case 3 -> "{\"fullUrl\":\"" + fullUrl + "\",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"},"
                    + "\"resource\":" + resource + "}";
            case 4 -> random.nextInt(5) == 0 ? "{\"fullUrl\":\"" + fullUrl + "\"}" : "{\"resource\":" + resource + "}";
            default -> "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource + "}";
        };
    }

    private static String breakOneByte(Random random, String json) {
        int at = random.nextInt(json.length());
        char replacement = "{}[],:\"\\x 0".charAt(random.nextInt(11));
        return json.substring(0, at) + replacement + json.substring(at + 1);
    }

    /** Mostly the first value (each list starts with a valid one), otherwise any. */
    private static String pick(Random random, String[] values) {
        return values[random.nextInt(3) > 0 ? 0 : random.nextInt(values.length)];
    }
}
