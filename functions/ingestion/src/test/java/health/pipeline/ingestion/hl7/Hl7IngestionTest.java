package health.pipeline.ingestion.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import health.pipeline.ingestion.intake.FileIngestion;
import health.pipeline.ingestion.intake.Harness;

class Hl7IngestionTest {
    private final Harness h = new Harness();

    private static JsonNode resource(JsonNode record, String type, int index) {
        int seen = 0;
        for (JsonNode entry : record.path("entry")) {
            if (type.equals(entry.at("/resource/resourceType").asText()) && seen++ == index) {
                return entry.path("resource");
            }
        }
        throw new AssertionError("no " + type + " #" + index);
    }

    @Test
    void shouldParseAnEmptyPid_whenHapiGetsNewlineSeparatedSegmentsUnnormalised() throws Exception {
        // Why normalising matters: HAPI splits segments on \r only, so it "parses" this message without error.
        var context = new DefaultHapiContext();
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        // As integration engines often send it: MSH carries more fields after the version, segments end with \n.
        String text = "MSH|^~\\&|EDGE|WARD7|PIPE|HOSP|20261123060000||ADT^A01|M1|P|2.5.1|||AL|NE\n"
                + "PID|1||MRN-EDGE-004^^^WARD7^MR||Sampleton^Bea\nPV1|1|I\n";

        ADT_A01 raw = (ADT_A01) context.getPipeParser().parse(text);
        ADT_A01 normalised = (ADT_A01) context.getPipeParser().parse(Hl7Framing.normalise(text));

        assertThat(raw.getPID().getPatientIdentifierList(0).getIDNumber().getValue()).isNull();
        assertThat(normalised.getPID().getPatientIdentifierList(0).getIDNumber().getValue()).isEqualTo("MRN-EDGE-004");
    }

    @Test
    void shouldMapPidAndPv1_whenAnAdtA01WithCarriageReturnsLands() {
        assertThat(h.ingest(h.land("ward7/adt.hl7", Harness.sample("edge-cases/adt-a01-cr.hl7"))))
                .isEqualTo(FileIngestion.Outcome.INGESTED);

        JsonNode record = h.openRecords().get(0);
        JsonNode patient = resource(record, "Patient", 0);
        assertThat(patient.at("/identifier/0/value").asText()).isEqualTo("MRN-EDGE-004");
        assertThat(patient.at("/name/0/family").asText()).isEqualTo("Sampleton");
        assertThat(patient.at("/birthDate").asText()).isEqualTo("1947-03-11");
        assertThat(patient.at("/gender").asText()).isEqualTo("female");
        assertThat(patient.at("/address/0/city").asText()).isEqualTo("Springfield");
        JsonNode encounter = resource(record, "Encounter", 0);
        assertThat(encounter.at("/class/code").asText()).isEqualTo("IMP");
        assertThat(encounter.at("/period/start").asText()).isEqualTo("2026-11-23T05:55:00Z");
        assertThat(encounter.at("/subject/reference").asText()).isEqualTo(record.at("/entry/0/fullUrl").asText());
        assertThat(h.events("deidentify-queue").get(0).at("/data/file/format").asText()).isEqualTo("hl7v2");
    }

    @Test
    void shouldMapObxWithLoincAndNotes_whenAnOruR01WithNewlinesLands() {
        assertThat(h.ingest(h.land("lab/oru.txt", Harness.sample("edge-cases/oru-r01-lf.hl7"))))
                .isEqualTo(FileIngestion.Outcome.INGESTED);

        JsonNode record = h.openRecords().get(0);
        JsonNode heartRate = resource(record, "Observation", 0);
        assertThat(heartRate.at("/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
        assertThat(heartRate.at("/code/coding/0/code").asText()).isEqualTo("8867-4");
        assertThat(heartRate.at("/valueQuantity/value").decimalValue()).isEqualByComparingTo("124");
        assertThat(heartRate.at("/valueQuantity/code").asText()).isEqualTo("/min");
        assertThat(heartRate.at("/effectiveDateTime").asText()).isEqualTo("2026-11-23T06:05:00Z");
        assertThat(heartRate.at("/encounter/reference").asText()).startsWith("urn:uuid:");
        JsonNode respiratory = resource(record, "Observation", 1);
        assertThat(respiratory.at("/note/0/text").asText()).isEqualTo("Patient anxious during measurement");
        JsonNode text = resource(record, "Observation", 2);
        assertThat(text.at("/code/coding/0/system").isMissingNode()).isTrue();
        assertThat(text.at("/valueString").asText()).isEqualTo("Skin clammy, reviewed by nurse in charge");
    }

    @Test
    void shouldIngestEveryMessage_whenMllpFramedCrLfMessagesLand() {
        assertThat(h.ingest(h.land("ward7/feed.hl7", Harness.sample("edge-cases/adt-mllp-crlf.hl7"))))
                .isEqualTo(FileIngestion.Outcome.INGESTED);

        List<JsonNode> records = h.openRecords();
        assertThat(records).hasSize(2).extracting(r -> r.at("/entry/0/resource/identifier/0/value").asText())
                .containsExactlyInAnyOrder("MRN-EDGE-006", "MRN-EDGE-007");
    }

    @Test
    void shouldQuarantineOnlyTheBadMessageAtItsMshLine_whenOneMessageOfManyIsBroken() {
        String good = new String(Harness.sample("edge-cases/adt-a01-cr.hl7"), java.nio.charset.StandardCharsets.UTF_8);
        String bad = "MSH|^~\\&|A|B|C|D|20261123||ADT^A01|2|P|2.5.1\rPID|1||MRN-BAD^^^X^MR||Doe^J||19991399\r";
        String file = good + bad + good.replace("MSG-EDGE-0001", "MSG-EDGE-0009").replace("MRN-EDGE-004", "MRN-EDGE-009");

        assertThat(h.ingest(h.land("ward7/three.hl7", file))).isEqualTo(FileIngestion.Outcome.PARTIALLY_QUARANTINED);

        assertThat(h.openRecords()).hasSize(2);
        String quarantined = h.events("ingest-rejections").get(0).at("/data/quarantined/key").asText();
        assertThat(quarantined).matches("ward7/i-[0-9a-f]{24}/line-5");
        assertThat(h.reason(quarantined).path("code").asText()).isEqualTo("INVALID_DATE");
        assertThat(h.reason(quarantined).path("line").asInt()).isEqualTo(5);
    }

    @Test
    void shouldNormaliseEverySeparator_whenFramingIsMixed() {
        assertThat(Hl7Framing.normalise("\u000bMSH|a\r\nPID|b\nPV1|c\rOBX|d\u001c\r"))
                .isEqualTo("MSH|a\rPID|b\rPV1|c\rOBX|d\r");
    }

    @Test
    void shouldIngestTheMessage_whenTheFileStartsWithAUtf8ByteOrderMark() {
        byte[] adt = Harness.sample("edge-cases/adt-a01-cr.hl7");
        byte[] withBom = new byte[adt.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(adt, 0, withBom, 3, adt.length);

        assertThat(h.ingest(h.land("ward7/adt-bom.hl7", withBom))).isEqualTo(FileIngestion.Outcome.INGESTED);
        assertThat(resource(h.openRecords().get(0), "Patient", 0).at("/identifier/0/value").asText())
                .isEqualTo("MRN-EDGE-004");
    }

    @Test
    void shouldIngestEveryMessage_whenTheyComeInAnFhsBhsBatch() {
        String batch = "FHS|^~\\&|LAB|WARD7|PIPE|HOSP|20261123060000\r"
                + "BHS|^~\\&|LAB|WARD7|PIPE|HOSP|20261123060000\r"
                + "MSH|^~\\&|LAB|WARD7|PIPE|HOSP|20261123060000||ADT^A01|B1|P|2.5.1\r"
                + "PID|1||MRN-BATCH-1^^^WARD7^MR||Batchley^Ann||19500101|F\rPV1|1|I\r"
                + "MSH|^~\\&|LAB|WARD7|PIPE|HOSP|20261123060500||ADT^A01|B2|P|2.5.1\r"
                + "PID|1||MRN-BATCH-2^^^WARD7^MR||Batchley^Bo||19520202|M\rPV1|1|I\r"
                + "BTS|2\rFTS|1\r";

        assertThat(h.ingest(h.land("ward7/batch.hl7", batch))).isEqualTo(FileIngestion.Outcome.INGESTED);
        assertThat(h.openRecords()).extracting(r -> resource(r, "Patient", 0).at("/identifier/0/value").asText())
                .containsExactlyInAnyOrder("MRN-BATCH-1", "MRN-BATCH-2");
        assertThat(h.store.bucket("quarantine")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.6", "2.7", "2.7.1", "2.8", "2.8.1"})
    void shouldMapTheSameSegments_whenTheMessageIsOfALaterVersion(String version) {
        String adt = "MSH|^~\\&|EDGE|WARD7|PIPE|HOSP|20261123060000||ADT^A01^ADT_A01|V1|P|" + version + "\r"
                + "PID|1||MRN-V28-1^^^WARD7^MR||Laterly^Vi||19470311|F\rPV1|1|I|||||||||||||||||||||||||||||||||||"
                + "||||20261123055500\r";

        assertThat(h.ingest(h.land("ward7/adt-" + version + ".hl7", adt))).isEqualTo(FileIngestion.Outcome.INGESTED);
        JsonNode patient = resource(h.openRecords().get(0), "Patient", 0);
        assertThat(patient.at("/identifier/0/value").asText()).isEqualTo("MRN-V28-1");
        assertThat(patient.at("/name/0/family").asText()).isEqualTo("Laterly");
        assertThat(patient.at("/birthDate").asText()).isEqualTo("1947-03-11");
    }
}
