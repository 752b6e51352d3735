package health.pipeline.ingestion.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.contracts.ContractValidator;
import health.pipeline.model.fhir.PatientRecords;
import health.pipeline.model.pseudonym.Pseudonymizer;

class FileIngestionTest {
    private static final String BUNDLE = """
            {"resourceType":"Bundle","type":"transaction","entry":[
             {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1",
               "name":[{"family":"Quixote","given":["Alonso"]}],"identifier":[{"system":"urn:mrn","value":"MRN-778812"}]}},
             {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"Encounter","id":"e1","status":"in-progress",
               "class":{"code":"IMP"},"subject":{"reference":"urn:uuid:p1"}}}
            ]}""";

    private final Harness h = new Harness();

    /** Every record is one collection Bundle with exactly one Patient and references that resolve inside it. */
    private static void assertCanonical(JsonNode record) {
        assertThat(record.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(record.path("type").asText()).isEqualTo("collection");
        Set<String> keys = new HashSet<>();
        int patients = 0;
        for (JsonNode entry : record.path("entry")) {
            JsonNode resource = entry.path("resource");
            if ("Patient".equals(resource.path("resourceType").asText())) {
                patients++;
            }
            if (entry.hasNonNull("fullUrl")) {
                keys.add(entry.get("fullUrl").asText());
            }
            keys.add(resource.path("resourceType").asText() + "/" + resource.path("id").asText());
        }
        assertThat(patients).isEqualTo(1);
        for (JsonNode entry : record.path("entry")) {
            Set<String> references = new LinkedHashSet<>();
            PatientRecords.collectReferences(entry.path("resource"), references);
            references.stream().filter(r -> r.startsWith("urn:uuid:") || r.startsWith("Patient/"))
                    .forEach(r -> assertThat(keys).contains(r));
        }
    }

    private void assertEventsValidAndPhiFree(String... phi) {
        h.published.published().forEach(p -> {
            assertThat(ContractValidator.instance().validateEnvelope(p.event())).isEmpty();
            assertThat(p.event()).doesNotContain(phi);
        });
    }

    @Test
    void shouldWriteSealedRecordsAndAnnounceThem_whenABundleLands() {
        var outcome = h.ingest(h.land("ward7/a.json", BUNDLE));

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.INGESTED);
        var record = h.store.bucket("raw").entrySet().stream().filter(e -> e.getKey().startsWith("records/ward7/"))
                .findFirst().orElseThrow();
        assertThat(new String(record.getValue().content(), StandardCharsets.ISO_8859_1))
                .doesNotContain("Quixote", "MRN-778812");
        assertThat(record.getValue().kmsKeyId()).isEqualTo("raw-key");
        assertThat(h.openRecords()).singleElement().satisfies(FileIngestionTest::assertCanonical);
        assertThat(h.events("deidentify-queue")).singleElement().satisfies(e -> {
            assertThat(e.at("/data/file/format").asText()).isEqualTo("fhir-r4-bundle");
            assertThat(e.at("/data/records/0/resourceCount").asInt()).isEqualTo(2);
        });
        assertThat(h.published.on("audit-queue")).hasSize(1);
        assertEventsValidAndPhiFree("Quixote", "MRN-778812");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ward-deteriorating-patient.json", "ward-stable-patient.json", "synthea-patient-1.json",
            "synthea-patient-2.json"})
    void shouldIngestTheSampleBundles_whenTheyLand(String sample) {
        var outcome = h.ingest(h.land("ward7/" + sample, Harness.sample(sample)));

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.INGESTED);
        assertThat(h.openRecords()).isNotEmpty().allSatisfy(FileIngestionTest::assertCanonical);
    }

    @Test
    void shouldGroupLinesPerPatient_whenPlainNdjsonLands() {
        var outcome = h.ingest(h.land("bulk/patients.ndjson", Harness.sample("edge-cases/bulk-patients.ndjson")));

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.INGESTED);
        List<JsonNode> records = h.openRecords();
        assertThat(records).singleElement().satisfies(record -> {
            assertCanonical(record);
            assertThat(record.path("entry")).hasSize(3);
        });
        assertThat(h.events("deidentify-queue")).singleElement()
                .satisfies(e -> assertThat(e.at("/data/file/format").asText()).isEqualTo("fhir-r4-ndjson"));
        assertEventsValidAndPhiFree("Testperson", "MRN-EDGE-001");
    }

    @Test
    void shouldInflateAndIngest_whenGzipNdjsonLandsWhateverItsName() {
        var outcome = h.ingest(h.land("bulk/export.bin", Harness.sample("edge-cases/bulk-gzip.ndjson.gz")));

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.INGESTED);
        assertThat(h.openRecords()).singleElement().satisfies(FileIngestionTest::assertCanonical);
        assertThat(h.events("deidentify-queue").get(0).at("/data/file/format").asText())
                .isEqualTo("fhir-r4-ndjson+gzip");
    }

    @Test
    void shouldAddAnIdOnlyPatient_whenNdjsonLinesReferenceAPatientNotInTheFile() {
        String observations = """
                {"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p9"}}
                {"resourceType":"Observation","id":"o2","status":"final","code":{"text":"y"},"subject":{"reference":"Patient/p9"}}
                """;
        h.ingest(h.land("bulk/Observation.ndjson", observations));

        assertThat(h.openRecords()).singleElement().satisfies(record -> {
            assertCanonical(record);
            assertThat(record.at("/entry/0/resource").toString()).isEqualTo("{\"resourceType\":\"Patient\",\"id\":\"p9\"}");
        });
    }

    @Test
    void shouldNameThePatientByReferenceInEveryFile_whenItsPatientAndObservationsLandInSeparateNdjsonFiles() {
        h.ingest(h.land("bulk/Patient.ndjson", """
                {"resourceType":"Patient","id":"p9","identifier":[{"system":"urn:mrn","value":"MRN-778812"}]}
                """));
        h.ingest(h.land("bulk/Observation.ndjson", """
                {"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p9"}}
                """));

        assertThat(h.openRecords()).hasSize(2).allSatisfy(record -> {
            assertThat(record.at("/identifier/system").asText()).isEqualTo(PatientRecords.PATIENT_KEY_SYSTEM);
            assertThat(record.at("/identifier/value").asText()).isEqualTo("bulk|Patient/p9");
        });
    }

    @Test
    void shouldQuarantineOnlyTheBadLineWithItsNumber_whenOneNdjsonLineIsBroken() {
        var object = h.land("bulk/mixed.ndjson", Harness.sample("edge-cases/mixed-one-bad-line.ndjson"));

        var outcome = h.ingest(object);

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.PARTIALLY_QUARANTINED);
        assertThat(h.openRecords()).singleElement().satisfies(r -> assertThat(r.path("entry")).hasSize(2));
        String quarantined = h.events("ingest-rejections").get(0).at("/data/quarantined/key").asText();
        assertThat(quarantined).matches("bulk/i-[0-9a-f]{24}/line-2");
        assertThat(h.store.bucket("quarantine")).containsOnlyKeys(quarantined, quarantined + ".reason.json");
        assertThat(h.reason(quarantined).path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(h.reason(quarantined).path("line").asInt()).isEqualTo(2);
        assertThat(h.events("ingest-rejections")).singleElement()
                .satisfies(e -> assertThat(e.at("/data/reason/line").asInt()).isEqualTo(2));
        assertThat(h.events("audit-queue")).extracting(e -> e.at("/data/action").asText())
                .containsExactlyInAnyOrder("INGEST", "QUARANTINE");
        assertEventsValidAndPhiFree("Testperson", "MRN-EDGE-003");
    }

    @Test
    void shouldEmitOneEventPerChunk_whenAFileHoldsMoreRecordsThanAChunk() {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            ndjson.append("{\"resourceType\":\"Patient\",\"id\":\"p").append(i).append("\"}\n");
        }
        h.ingest(h.land("bulk/many.ndjson", ndjson.toString()));

        assertThat(h.events("deidentify-queue")).hasSize(3)
                .extracting(e -> e.at("/data/ingestId").asText()).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("i-[0-9a-f]{24}-[123]"));
        assertThat(h.openRecords()).hasSize(1200);
    }

    @Test
    void shouldDoNothing_whenTheSameObjectIsDeliveredTwice() {
        var object = h.land("ward7/a.json", BUNDLE);
        h.ingest(object);
        var raw = h.store.bucket("raw").keySet();
        int events = h.published.published().size();

        var outcome = h.ingest(object);

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.DUPLICATE);
        assertThat(h.store.bucket("raw").keySet()).isEqualTo(raw);
        assertThat(h.published.published()).hasSize(events);
    }

    @Test
    void shouldRecordADuplicateOnceAndWriteNoRecord_whenTheSameBytesLandUnderAnotherKey() {
        h.ingest(h.land("ward7/a.json", BUNDLE));
        long records = h.store.bucket("raw").keySet().stream().filter(k -> k.startsWith("records/")).count();
        int events = h.published.published().size();
        var renamed = h.land("ward7/renamed.json", BUNDLE);

        assertThat(h.ingest(renamed)).isEqualTo(FileIngestion.Outcome.DUPLICATE);
        assertThat(h.ingest(renamed)).isEqualTo(FileIngestion.Outcome.DUPLICATE);

        assertThat(h.store.bucket("raw").keySet().stream().filter(k -> k.startsWith("records/")).count())
                .isEqualTo(records);
        assertThat(h.published.published()).hasSize(events + 1);
        assertThat(h.events("audit-queue").get(h.events("audit-queue").size() - 1).at("/data/action").asText())
                .isEqualTo("INGEST_DUPLICATE");
        assertThat(h.events("deidentify-queue")).hasSize(1);
    }

    @Test
    void shouldWriteNothingAndFail_thenSucceedOnRetry_whenKmsIsDown() {
        var object = h.land("ward7/a.json", BUNDLE);
        h.keys.setAvailable(false);

        assertThatThrownBy(() -> h.ingest(object)).isInstanceOf(CompletionException.class);
        assertThat(h.store.bucket("raw")).isEmpty();
        assertThat(h.published.published()).isEmpty();

        h.keys.setAvailable(true);
        assertThat(h.ingest(object)).isEqualTo(FileIngestion.Outcome.INGESTED);
        assertThat(h.openRecords()).hasSize(1);
    }

    @Test
    void shouldQuarantineTheWholeFileUnderAnOpaqueKey_whenTheJsonIsBroken() {
        var landed = h.land("ward7/lab results (1).json", Harness.sample("edge-cases/malformed.json"));

        var outcome = h.ingest(landed);

        assertThat(outcome).isEqualTo(FileIngestion.Outcome.QUARANTINED);
        String quarantined = h.events("ingest-rejections").get(0).at("/data/quarantined/key").asText();
        assertThat(quarantined).matches("ward7/i-[0-9a-f]{24}/file");
        assertThat(h.store.bucket("quarantine")).containsOnlyKeys(quarantined, quarantined + ".reason.json");
        JsonNode reason = h.reason(quarantined);
        assertThat(reason.path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(reason.path("line").asInt()).isEqualTo(2);
        assertThat(reason.at("/landed/key").asText()).as("the way back, in the encrypted quarantine zone only")
                .isEqualTo("ward7/lab results (1).json");
        assertThat(reason.at("/landed/keyRef").asText()).isEqualTo(h.references.file("landing", landed.key()));
        assertThat(h.store.bucket("raw").keySet()).noneMatch(k -> k.startsWith("records/"));
        assertThat(h.events("ingest-rejections")).hasSize(1);
        assertEventsValidAndPhiFree("Patient\",}");
    }

    /** Upstream names files after patients: the key, its folder and a plain digest of it are PHI (ADR 0070). */
    @Test
    void shouldNameLandedFilesOnlyByKeyedReferences_whenTheirKeysHoldAPatientsNameAndMrn() {
        String valid = "ward7/Halloran_Bridget_MRN-40917733_admit.json";
        String malformed = "ward7/Halloran_Bridget_MRN-40917733_labs.json";
        String inPatientFolder = "Halloran_Bridget_MRN-40917733/mixed.ndjson";
        h.ingest(h.land(valid, BUNDLE));
        h.ingest(h.land(malformed, Harness.sample("edge-cases/malformed.json")));
        h.ingest(h.land(inPatientFolder, Harness.sample("edge-cases/mixed-one-bad-line.ndjson")));

        List<String> phi = new java.util.ArrayList<>(List.of("Halloran", "Bridget", "40917733"));
        for (String key : List.of(valid, malformed, inPatientFolder)) {
            phi.add(Harness.sha(key));
            phi.add(Harness.sha("landing/" + key));
        }
        assertThat(h.published.published()).hasSizeGreaterThanOrEqualTo(7);
        assertEventsValidAndPhiFree(phi.toArray(String[]::new));
        for (String bucket : List.of("raw", "quarantine")) {
            assertThat(h.store.bucket(bucket).keySet()).as("object keys in " + bucket).isNotEmpty()
                    .allSatisfy(key -> assertThat(key).doesNotContain(phi));
            assertThat(h.store.bucket(bucket).values()).as("object metadata in " + bucket)
                    .allSatisfy(object -> assertThat(object.metadata().toString()).doesNotContain(phi));
        }
        assertThat(h.events("deidentify-queue")).extracting(e -> e.at("/data/file/keyRef").asText())
                .containsExactlyInAnyOrder(h.references.file("landing", valid),
                        h.references.file("landing", inPatientFolder));
        String folderRef = h.references.source(inPatientFolder);
        assertThat(folderRef).matches("s-[0-9a-f]{24}");
        assertThat(h.events("ingest-rejections")).extracting(e -> e.at("/data/file/source").asText())
                .containsExactlyInAnyOrder("ward7", folderRef);
        assertThat(h.store.bucket("raw").values()).as("raw zone objects, in clear at the byte level")
                .allSatisfy(object -> assertThat(new String(object.content(), StandardCharsets.UTF_8)).doesNotContain(phi));
        assertThat(h.landedKeysOfMarkers()).as("the way back: the raw zone's object markers, envelope-encrypted")
                .contains(valid, malformed, inPatientFolder);
    }

    @Test
    void shouldKeepOnlyLowerCaseSourceCodes_whenNoSourcesAreConfigured() {
        assertThat(h.references.source("ward-7/x.json")).isEqualTo("ward-7");
        assertThat(h.references.source("fac-north/2025/x.json")).isEqualTo("fac-north");
        assertThat(h.references.source("x.json")).isEqualTo("unknown");
        assertThat(List.of("Halloran/x.json", "Halloran_Bridget/x.json", "mrn40917733/x.json", "../x.json",
                "bridget.halloran/x.json")).extracting(h.references::source)
                .allSatisfy(source -> assertThat(source).matches("s-[0-9a-f]{24}"));
        var configured = new LandingReferences(new Pseudonymizer(new byte[32], "k"), Set.of("FAC_NORTH"));
        assertThat(configured.source("FAC_NORTH/x.json")).isEqualTo("FAC_NORTH");
        assertThat(configured.source("ward7/x.json")).matches("s-[0-9a-f]{24}");
    }

    @Test
    void shouldDecodeKeysAndSkipTestEvents_whenParsingNotifications() {
        var created = ObjectCreated.parse("""
                {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"landing"},
                 "object":{"key":"ward7/lab+results%281%29.json","size":10,"eTag":"abc"}}}]}""");
        assertThat(created).singleElement().satisfies(o -> assertThat(o.key()).isEqualTo("ward7/lab results(1).json"));
        assertThat(ObjectCreated.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}")).isEmpty();
    }
}
