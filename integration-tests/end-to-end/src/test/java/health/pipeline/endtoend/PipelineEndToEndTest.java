package health.pipeline.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayDeque;

import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.contracts.ContractValidator;
import health.pipeline.localcloud.run.Main;
import health.pipeline.localcloud.run.AuditEntries;
import health.pipeline.localcloud.run.LocalPipeline;
import health.pipeline.model.crypto.EnvelopeCipher;

/**
 * The samples through the four packaged functions, run as Lambda runs them, against the local cloud: what a
 * hospital's engineer and a privacy officer would check after a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Samples named the way upstream systems name files: after the patient, with her MRN. */
    private static final String PATIENT_NAMED_VALID = "ward7/Halloran_Bridget_MRN-40917733_admit.json";
    private static final String PATIENT_NAMED_MALFORMED = "ward7/Halloran_Bridget_MRN-40917733_labs.json";
    private static Path root;
    private static Path out;
    private static LocalPipeline pipeline;
    private static ObjectNode summary;
    private static List<Path> inputs;
    private static Set<String> phi;
    private static long entriesWhenIdle;
    private static long signedWhenIdle;

    @BeforeAll
    static void runSamples() throws Exception {
        root = Path.of(System.getProperty("pipeline.root", "../..")).toAbsolutePath().normalize();
        out = root.resolve("integration-tests/end-to-end/target/run");
        Path samples = root.resolve("samples");
        inputs = LocalPipeline.inputFiles(samples);
        phi = Phi.directIdentifiers(inputs, samples);
        pipeline = LocalPipeline.start(new LocalPipeline.Options(root.resolve("functions"), samples.resolve("models"),
                out.resolve(".work"), out.resolve("logs"), null, System.out));
        // LocalPipeline.process, step by step, to see the trail between the run and the retention request.
        pipeline.uploadAll(samples);
        pipeline.awaitDrained(Duration.ofMinutes(5));
        try (Connection connection = pipeline.database().connect()) {
            entriesWhenIdle = AuditEntries.read(connection).size();
            signedWhenIdle = AuditEntries.checkpointedEntries(connection);
        }
        pipeline.requestRetention();
        pipeline.awaitDrained(Duration.ofMinutes(2));
        summary = pipeline.writeOutputs(out, 0);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void shouldIngestDeidentifyScoreAndAuditEverySample_whenTheSamplesAreDropped() {
        assertThat(phi).as("the samples hold patients with identifiers to look for").isNotEmpty();
        assertThat(summary.path("files").asInt()).isEqualTo(inputs.size());
        assertThat(summary.path("ingested").asInt() + summary.path("quarantined").asInt())
                .as("every file is ingested or quarantined").isGreaterThanOrEqualTo(inputs.size());
        assertThat(summary.path("deidentified").asInt()).isGreaterThanOrEqualTo(summary.path("ingested").asInt());
        assertThat(summary.path("scored").asInt()).isPositive();
        assertThat(summary.path("deadLetters").asInt()).isZero();
    }

    @Test
    @Order(2)
    void shouldStoreOnlyCiphertext_whenRecordsReachTheRawZone() throws IOException {
        List<Path> records = files(out.resolve("zones/raw/records"));
        assertThat(records).isNotEmpty();
        for (Path record : records) {
            assertThat(EnvelopeCipher.isSealed(Files.readAllBytes(record))).as(record.toString()).isTrue();
            assertThat(Phi.foundIn(record, phi)).as("identifiers in " + record).isEmpty();
        }
    }

    @Test
    @Order(3)
    void shouldLeakNoDirectIdentifier_whenDeidentifiedOrNotifiedOrAuditedOrLogged() throws IOException {
        List<Path> checked = new ArrayList<>(files(out.resolve("zones/deid")));
        assertThat(checked).isNotEmpty();
        checked.add(out.resolve("notifications.jsonl"));
        checked.add(out.resolve("dead-letters.jsonl"));
        checked.add(out.resolve("audit/entries.jsonl"));
        checked.addAll(files(out.resolve("logs")));
        Map<String, Set<String>> leaks = new TreeMap<>();
        for (Path file : checked) {
            Set<String> found = Phi.foundIn(file, phi);
            if (!found.isEmpty()) {
                leaks.put(out.relativize(file).toString(), found);
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    @Order(4)
    void shouldSendOneValidNotificationPerScoredEncounter_whenScored() throws IOException {
        List<String> notifications = Files.readAllLines(out.resolve("notifications.jsonl"));
        assertThat(notifications).hasSize(summary.path("scored").asInt());
        Set<String> encounters = new HashSet<>();
        boolean highBand = false;
        for (String line : notifications) {
            assertThat(ContractValidator.instance().validateEnvelope(line)).isEmpty();
            JsonNode data = JSON.readTree(line).path("data");
            assertThat(encounters.add(data.path("encounter").asText())).as("one notification per encounter").isTrue();
            highBand |= data.path("band").asText().equals("high")
                    && data.path("baselines").path("news2").path("risk").asText().equals("high");
        }
        assertThat(highBand).as("the deteriorating sample patient is banded high, as NEWS2 says").isTrue();
    }

    @Test
    @Order(4)
    void shouldScoreTheCandidateInShadowWithoutNotifyingAnyone_whenAShadowModelIsNamed() throws IOException {
        String activeVersion = JSON.readTree(root.resolve("samples/models/active.json").toFile()).path("version").asText();
        String shadowVersion = JSON.readTree(root.resolve("samples/models/shadow.json").toFile()).path("version").asText();
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("audit/entries.jsonl"))) {
            entries.add(JSON.readTree(line).path("entry").path("data"));
        }
        assertThat(entries).filteredOn(e -> e.path("action").asText().equals("SHADOW_SCORE")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("modelVersion").asText()).endsWith("@" + shadowVersion));
        for (String line : Files.readAllLines(out.resolve("notifications.jsonl"))) {
            assertThat(JSON.readTree(line).path("data").path("model").path("version").asText()).isEqualTo(activeVersion);
        }
    }

    @Test
    @Order(4)
    void shouldReportQuasiIdentifierRiskPerBatch_whenRecordsAreDeidentified() {
        JsonNode risk = summary.path("reidentificationRisk");
        assertThat(risk.path("batches").asInt()).isPositive();
        assertThat(risk.path("smallestGroup").asInt()).isPositive();
    }

    @Test
    @Order(5)
    void shouldVerifyTheAuditChainAndItsSignedCheckpoints_whenTheRunEnds() throws IOException {
        JsonNode verification = JSON.readTree(out.resolve("audit/verification.json").toFile());
        assertThat(verification.path("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("entries").asInt()).isEqualTo(summary.path("auditEntries").asInt()).isPositive();
        assertThat(verification.path("checkpointsVerified").asInt()).as("signed checkpoints in the archive").isPositive();
        assertThat(verification.path("signatureKey").asText()).isEqualTo("trusted");
        assertThat(files(out.resolve("zones/audit-archive"))).isNotEmpty();
        assertThat(Files.readAllLines(out.resolve("dead-letters.jsonl"))).isEmpty();
    }

    @Test
    @Order(5)
    void shouldSignTheLastEntriesByTimeAndArchiveWhatIsPastRetention_whenTheTrailFallsIdle() throws IOException {
        // Once the queues are empty no event will come to trigger a checkpoint: the writer's delayed request
        // (the 5 s rule) must have signed the tail that the 25-entry rule left.
        assertThat(signedWhenIdle).as("entries the newest checkpoint covers when the pipeline fell idle")
                .isEqualTo(entriesWhenIdle).isPositive();
        int entries = summary.path("auditEntries").asInt();
        assertThat(summary.path("auditEntriesSigned").asInt()).isEqualTo(entries);
        // Locally every entry is past retention; the schedule's request archived them all, and deleted none.
        assertThat(summary.path("auditEntriesArchived").asInt()).isEqualTo(entries);
        List<Path> segments = files(out.resolve("zones/audit-archive/segments"));
        assertThat(segments).isNotEmpty();
        long archivedLines = 0;
        for (Path segment : segments) {
            archivedLines += Files.readAllLines(segment).size();
        }
        assertThat(archivedLines).isEqualTo(entries);
        assertThat(JSON.readTree(out.resolve("audit/verification.json").toFile()).path("valid").asBoolean())
                .as("chain, checkpoints and archived segments verified").isTrue();
    }

    @Test
    @Order(6)
    void shouldQuarantineEachBrokenFileWithItsReason_whenEdgeCasesAreDropped() throws IOException {
        // Quarantine keys are opaque (<source>/<ingest id>/file|line-<n>); the reason object holds the way back.
        Map<String, String> expected = Map.of(
                "edge-cases/malformed.json/file", "MALFORMED_JSON",
                "edge-cases/not-fhir.json/file", "NOT_A_BUNDLE",
                "edge-cases/gzip-bomb.ndjson.gz/file", "DECOMPRESSION_RATIO_EXCEEDED",
                "edge-cases/mixed-one-bad-line.ndjson/line-2", "MALFORMED_JSON",
                PATIENT_NAMED_MALFORMED + "/file", "MALFORMED_JSON");
        Path quarantine = out.resolve("zones/quarantine");
        Map<String, String> found = new TreeMap<>();
        for (Path reasonFile : files(quarantine)) {
            if (!reasonFile.toString().endsWith(".reason.json")) {
                continue;
            }
            JsonNode reason = JSON.readTree(reasonFile.toFile());
            String quarantined = quarantine.relativize(reasonFile).toString().replaceFirst("\\.reason\\.json$", "");
            String part = quarantined.substring(quarantined.lastIndexOf('/') + 1);
            found.put(reason.at("/landed/key").asText() + "/" + part, reason.path("code").asText());
            assertThat(quarantined).matches("[a-z0-9-]+/i-[0-9a-f]{24}/(file|line-[0-9]+)");
            assertThat(Files.exists(quarantine.resolve(quarantined))).as("the quarantined copy of " + quarantined)
                    .isTrue();
        }
        assertThat(found).isEqualTo(expected);
        assertThat(summary.path("quarantined").asInt()).isEqualTo(expected.size());
    }

    /**
     * Upstream names files after patients: a valid and a malformed file whose keys hold a name and an MRN leave no
     * trace of them outside the landing zone (keys of every other zone, events, audit entries and the archive,
     * logs, dead letters, notifications, summary). The reason objects and raw markers that hold the way back are
     * read only by roles that may read landing data (docs/adr/0070).
     */
    @Test
    @Order(6)
    void shouldLeaveNoTraceOfTheKey_whenFilesAreNamedAfterAPatient() throws IOException {
        List<String> fromKey = List.of("Halloran", "Bridget", "40917733");
        assertThat(inputs).extracting(p -> root.resolve("samples").relativize(p).toString().replace('\\', '/'))
                .contains(PATIENT_NAMED_VALID, PATIENT_NAMED_MALFORMED);

        for (String zone : List.of("raw", "quarantine", "deid", "models", "audit-archive")) {
            List<String> keys = pipeline.cloud().s3().listObjectsV2Paginator(b -> b.bucket(zone)).contents().stream()
                    .map(o -> o.key()).toList();
            assertThat(keys).as("keys in " + zone).allSatisfy(key -> assertThat(key).doesNotContain(fromKey));
        }
        List<Path> checked = new ArrayList<>(List.of(out.resolve("notifications.jsonl"),
                out.resolve("dead-letters.jsonl"), out.resolve("audit/entries.jsonl"), out.resolve("summary.json")));
        checked.addAll(files(out.resolve("logs")));
        checked.addAll(files(out.resolve("zones/audit-archive")));
        checked.addAll(files(out.resolve("zones/deid")));
        Map<String, List<String>> leaks = new TreeMap<>();
        for (Path file : checked) {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            List<String> found = fromKey.stream().filter(text::contains).toList();
            if (!found.isEmpty()) {
                leaks.put(out.relativize(file).toString(), found);
            }
        }
        assertThat(leaks).isEmpty();

        // IngestRejected, as the operations subscriber of the rejections topic received it.
        var rejections = pipeline.cloud().sqs().receiveMessage(b -> b.queueUrl(pipeline.cloud().queueUrl(
                health.pipeline.localcloud.cloud.LocalCloud.OPERATIONS_INBOX)).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(rejections).as("IngestRejected events received").isNotEmpty()
                .allSatisfy(m -> assertThat(m.body()).doesNotContain(fromKey));
        assertThat(Files.readString(out.resolve("audit/entries.jsonl"))).as("the facility code is kept").contains("ward7");
    }

    /** Bulk Data writes one file per resource type: the Patient file and the Observation file name one patient. */
    @Test
    @Order(6)
    void shouldGiveOnePseudonymAndDateShift_whenAPatientAndHerObservationsArriveInSeparateNdjsonFiles()
            throws IOException {
        List<Path> records = files(out.resolve("zones/deid/records/bulk-split"));
        assertThat(records).as("one record from each file").hasSize(2);
        Set<String> patients = new HashSet<>();
        Set<String> observationDates = new HashSet<>();
        String birthYear = null;
        for (Path record : records) {
            for (String line : Files.readAllLines(record)) {
                JsonNode resource = JSON.readTree(line);
                switch (resource.path("resourceType").asText()) {
                    case "Patient" -> patients.add(resource.path("id").asText());
                    case "Observation" -> {
                        patients.add(resource.at("/subject/reference").asText().replaceFirst("^Patient/", ""));
                        observationDates.add(resource.path("effectiveDateTime").asText());
                    }
                    default -> { }
                }
            }
        }
        assertThat(patients).as("the patient's pseudonym in both files").singleElement()
                .satisfies(p -> assertThat(p).matches("p-[0-9a-f]{24}"));
        // Both observations were taken at 2026-11-23T06:00Z: one shift moves them to one other instant.
        assertThat(observationDates).singleElement().satisfies(d -> assertThat(d).doesNotStartWith("2026-11-23"));
    }

    @Test
    @Order(7)
    void shouldCreateNothingNew_whenTheSameFileIsSentAgainUnderItsKey() throws Exception {
        Map<String, Integer> before = objectCounts();
        pipeline.upload(root.resolve("samples/ward-stable-patient.json"), "local/ward-stable-patient.json");
        pipeline.awaitDrained(Duration.ofMinutes(2));
        ObjectNode again = pipeline.writeOutputs(out.resolveSibling("run-again"), 0);
        assertThat(objectCounts()).isEqualTo(before);
        assertThat(again.path("notifications").asInt()).as("notifications received since the first run")
                .isEqualTo(summary.path("notifications").asInt());
        assertThat(again.path("auditEntries").asInt()).isEqualTo(summary.path("auditEntries").asInt());
        assertThat(again.path("deadLetters").asInt()).isZero();
    }

    @Test
    @Order(8)
    void shouldRecordADuplicateAndProcessNothing_whenTheSameBytesArriveUnderAnotherKey() throws Exception {
        int deidBefore = objectCounts().get("deid");
        pipeline.upload(root.resolve("samples/ward-stable-patient.json"), "local/ward-stable-patient-resent.json");
        pipeline.awaitDrained(Duration.ofMinutes(2));
        ObjectNode again = pipeline.writeOutputs(out.resolveSibling("run-duplicate"), 0);
        assertThat(objectCounts().get("deid")).isEqualTo(deidBefore);
        assertThat(again.path("notifications").asInt()).isEqualTo(summary.path("notifications").asInt());
        assertThat(again.path("auditEntries").asInt()).as("one INGEST_DUPLICATE entry")
                .isEqualTo(summary.path("auditEntries").asInt() + 1);
        assertThat(again.path("deadLetters").asInt()).isZero();
    }

    @Test
    @Order(9)
    void shouldFailVerificationNamingTheEntry_whenARowIsChangedBehindTheApplicationsBack() throws Exception {
        String url = pipeline.database().url();
        assertThat(Main.run(new ArrayDeque<>(List.of("audit", "verify", "--database-url", url)))).isZero();
        try (Connection superuser = pipeline.database().connect(); Statement sql = superuser.createStatement()) {
            sql.execute("alter table audit_entry disable trigger user");
            sql.execute("update audit_entry set outcome = 'denied' where sequence = 3");
            sql.execute("alter table audit_entry enable trigger user");
        }
        var report = new TrailVerifier(null, null).verify(pipeline.database().connect());
        assertThat(report.valid()).isFalse();
        assertThat(report.firstBadEntry()).isEqualTo(3L);
        assertThat(Main.run(new ArrayDeque<>(List.of("audit", "verify", "--database-url", url)))).isEqualTo(1);
    }

    private static Map<String, Integer> objectCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String zone : List.of("raw", "quarantine", "deid")) {
            counts.put(zone, pipeline.cloud().s3().listObjectsV2Paginator(b -> b.bucket(zone)).contents()
                    .stream().mapToInt(o -> 1).sum());
        }
        return counts;
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
