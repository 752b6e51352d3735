package health.pipeline.ingestion.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import health.pipeline.ingestion.intake.FileIngestion;

/**
 * Whole-file ingestion per format against its floor, on the same bytes in the same run: the floor reads the file,
 * parses it (Jackson trees for JSON, HAPI for HL7 v2) and AES-256-GCM-encrypts the same bytes, nothing else.
 * 1,000 patients with 10 observations each (11,000 resources) per file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class IngestionBenchmark {
    static final int PATIENTS = 1_000;
    static final int OBSERVATIONS = 10;

    @Param({"fhir-r4-ndjson", "fhir-r4-bundle", "hl7v2"})
    public String format;

    private byte[] content;
    private FileIngestion ingestion;
    private final ObjectMapper json = new ObjectMapper();
    private PipeParser hl7;
    private final byte[] key = new byte[32];
    private int run;

    @Setup
    public void setUp() throws IOException {
        content = switch (format) {
            case "fhir-r4-ndjson" -> BenchFiles.ndjson(PATIENTS, OBSERVATIONS);
            case "fhir-r4-bundle" -> BenchFiles.bundle(PATIENTS, OBSERVATIONS);
            default -> BenchFiles.hl7(PATIENTS, OBSERVATIONS);
        };
        ingestion = BenchFiles.ingestion(new BenchFiles.DiscardingStore(), BenchFiles.bytesSource(content));
        var context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hl7 = context.getPipeParser();
        new SecureRandom().nextBytes(key);
    }

    @Benchmark
    public FileIngestion.Outcome ingest() {
        // A new key per run: the discarding store never holds a marker, so every run ingests the whole file.
        return ingestion.ingest(BenchFiles.object("ward7/bench-" + run++, content.length)).toCompletableFuture().join();
    }

    @Benchmark
    public int floor() throws IOException, GeneralSecurityException, HL7Exception {
        int parsed = 0;
        switch (format) {
            case "fhir-r4-ndjson" -> {
                var reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode node = json.readTree(line);
                    parsed += node.size();
                }
            }
            case "fhir-r4-bundle" -> parsed += json.readTree(new ByteArrayInputStream(content)).path("entry").size();
            default -> {
                for (String message : new String(content, StandardCharsets.UTF_8).split("(?=MSH\\|)")) {
                    parsed += hl7.parse(message).getNames().length;
                }
            }
        }
        byte[] iv = new byte[12];
        iv[0] = (byte) run++;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return parsed + cipher.doFinal(content).length;
    }
}
