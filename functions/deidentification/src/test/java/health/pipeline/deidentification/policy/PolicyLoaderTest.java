package health.pipeline.deidentification.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import health.pipeline.deidentification.Fixtures;

class PolicyLoaderTest {
    private static final Path INVALID = Path.of("src/test/resources/policies/invalid");

    @Test
    void shouldLoadTheSafeHarborPack_whenItIsOnTheClasspath() {
        DeidentificationPolicy policy = PolicyLoader.load("safe-harbor-v1.json");
        assertThat(policy.version()).isEqualTo("safe-harbor-1.0.0");
        assertThat(policy.restrictedZip3()).hasSize(17).contains("036", "059", "063", "102", "203", "556", "692",
                "790", "821", "823", "830", "831", "878", "879", "884", "890", "893");
        assertThat(policy.oldestAge()).isEqualTo(89);
        assertThat(policy.reidentifyRoles()).contains("attending-clinician");
        assertThat(policy.rules()).extracting(PolicyRule::order).isSorted();
    }

    @Test
    void shouldLoadAPolicyFromDisk_whenOpsPointTheFunctionAtAFile() throws IOException {
        Path directory = Files.createTempDirectory("policy");
        Files.copy(Path.of("src/main/resources/policies/safe-harbor-v1.json"), directory.resolve("site.json"));
        Files.writeString(directory.resolve("restricted-zip3.txt"), "# test list\n036\n");
        DeidentificationPolicy policy = PolicyLoader.load(directory.resolve("site.json").toString());
        assertThat(policy.restrictedZip3()).containsExactly("036");
    }

    static Stream<Path> invalidPolicies() throws IOException {
        return Files.list(INVALID).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    /** File names say the expected code: {@code <code>--<what is wrong>.json}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void shouldRefuseThePolicy_whenItIsInvalid(Path file) {
        String expectedCode = file.getFileName().toString().split("--")[0];
        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                PolicyLoader.parse(in, name -> PolicyLoader.class.getClassLoader()
                        .getResourceAsStream(PolicyLoader.CLASSPATH_DIRECTORY + name));
            }
        }).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.code()).isEqualTo(expectedCode));
    }

    @Test
    void shouldCoverEveryValidationCode_withAnInvalidPolicyFile() throws IOException {
        try (Stream<Path> files = invalidPolicies()) {
            assertThat(files.map(f -> f.getFileName().toString().split("--")[0]).distinct().count())
                    .isGreaterThanOrEqualTo(18);
        }
    }

    @Test
    void shouldRefuseToStart_whenThePolicyDoesNotExist() {
        assertThatThrownBy(() -> PolicyLoader.load("no-such-policy.json")).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("not-found");
    }

    @Test
    void shouldKeepOnlyClinicalResourceTypes_whenTheSafeHarborPackIsLoaded() {
        assertThat(Fixtures.SAFE_HARBOR.resourceTypes()).contains("Patient", "Encounter", "Observation")
                .doesNotContain("Practitioner", "Organization", "Device", "Coverage", "Account", "RelatedPerson", "Claim");
    }
}
