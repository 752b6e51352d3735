package health.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import health.pipeline.model.crypto.DetachedSignatures;

/** The gate on the committed packages, through ONNX Runtime, as promotion would run it. */
class GoldenSetGateTest {
    private static final Path MODELS = SamplePaths.samples().resolve("models/deterioration-risk");

    @Test
    void shouldRefuseTheCandidate_whenNews2DiscriminatesBetterOnTheGoldenSet() throws Exception {
        var report = GoldenSetGate.evaluate(MODELS.resolve("1.1.0"), MODELS.resolve("1.0.0"));

        assertThat(report.passed()).isFalse();
        assertThat(report.json().path("decision").asText()).isEqualTo("refuse");
        assertThat(report.json().path("checks")).anySatisfy(c -> {
            assertThat(c.path("name").asText()).isEqualTo("auroc-better-than-news2");
            assertThat(c.path("passed").asBoolean()).isFalse();
        });
        JsonNode committed = ModelPackageWriter.JSON.readTree(MODELS.resolve("1.1.0").resolve(GoldenSetGate.REPORT_FILE)
                .toFile());
        assertThat(committed.path("candidate").path("sha256").asText())
                .isEqualTo(report.json().path("candidate").path("sha256").asText());
        assertThat(committed.path("decision").asText()).isEqualTo("refuse");
    }

    @Test
    void shouldRefuse_whenTheCandidateIsWorseThanTheActiveModel(@org.junit.jupiter.api.io.TempDir Path out)
            throws Exception {
        // one epoch on 300 rows: a weak model, written as a real candidate package
        var weak = DeteriorationModelTrainer.train(7L, 300, 1);
        String trainer = "arn:aws:sts::111122223333:assumed-role/ml-engineer/mle-0099";
        var written = ModelPackageWriter.write(weak, out,
                new ModelPackageWriter.PackageSpec("0.0.1", false, null, trainer));

        var report = GoldenSetGate.evaluate(written.packageDir(), MODELS.resolve("1.0.0"));

        // who trained it travels in the signed report: that principal may not approve it (four eyes)
        assertThat(written.manifestJson().path("training").path("trainedBy").asText()).isEqualTo(trainer);
        assertThat(report.json().path("candidate").path("trainedBy").asText()).isEqualTo(trainer);

        assertThat(report.passed()).isFalse();
        // its ranking is close to the active model's; its probabilities are not (Brier score)
        assertThat(report.json().path("checks")).anySatisfy(c -> {
            assertThat(c.path("name").asText()).isEqualTo("brier-not-worse-than-active");
            assertThat(c.path("passed").asBoolean()).isFalse();
        });
        assertThat(Files.exists(out.resolve("active.json"))).as("a candidate never moves the pointer").isFalse();
        assertThat(Files.readString(written.modelCard())).contains("NOT FOR CLINICAL USE").contains("Candidate, not approved");
    }

    @Test
    void shouldWriteASignatureThatVerifiesOnlyTheWrittenReport_whenSigningTheReport(
            @org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        var signer = new health.pipeline.model.ports.memory.InMemorySigner();
        var publicKey = DetachedSignatures.publicKey(signer.publicKey("alias/gate").toCompletableFuture().get());
        var report = GoldenSetGate.evaluate(MODELS.resolve("1.1.0"), MODELS.resolve("1.0.0"));

        Path file = GoldenSetGate.writeReport(report, out, signer, "alias/gate");

        byte[] written = Files.readAllBytes(file);
        byte[] signature = Files.readAllBytes(out.resolve(DetachedSignatures.signatureKey(GoldenSetGate.REPORT_FILE)));
        assertThat(DetachedSignatures.verify(publicKey, written, signature)).isTrue();
        byte[] passing = new String(written, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"decision\" : \"refuse\"", "\"decision\" : \"pass\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(passing).isNotEqualTo(written);
        assertThat(DetachedSignatures.verify(publicKey, passing, signature)).as("a refused report edited to pass")
                .isFalse();
    }
}
