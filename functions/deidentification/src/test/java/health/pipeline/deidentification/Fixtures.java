package health.pipeline.deidentification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.pipeline.deidentification.engine.PatientDeidentifier;
import health.pipeline.deidentification.policy.DeidentificationPolicy;
import health.pipeline.deidentification.policy.PolicyLoader;
import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.pseudonym.Pseudonymizer;

/** Shared test inputs: the Safe Harbor pack, a fixed key and clock, and the sample files. */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Path SAMPLES = Path.of("../../samples");
    public static final Path CORPUS = SAMPLES.resolve("leak-corpus");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    public static final DeidentificationPolicy SAFE_HARBOR = PolicyLoader.load("safe-harbor-v1.json");

    private Fixtures() {
    }

    public static Pseudonymizer pseudonymizer() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 7 + 3);
        }
        return new Pseudonymizer(secret, "k-test");
    }

    public static PatientDeidentifier safeHarbor() {
        return new PatientDeidentifier(SAFE_HARBOR, pseudonymizer(), CLOCK);
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The patient records of a sample file, as ingestion writes them into the raw zone. */
    public static List<PatientRecords.PatientRecord> records(Path file) {
        return PatientRecords.split(read(file));
    }

    public static JsonNode firstRecord(Path file) {
        return records(file).get(0).bundle();
    }
}
