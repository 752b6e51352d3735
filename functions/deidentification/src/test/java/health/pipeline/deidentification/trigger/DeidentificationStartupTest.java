package health.pipeline.deidentification.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import health.pipeline.deidentification.policy.DeidentificationPolicy;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The application starts with the deidentify deployment's configuration (the %test values of application.properties) (no raw bucket: only the re-identification
 * deployment has one) and loads and validates the configured policy. Nothing here reaches AWS: the secret is only
 * decrypted when a message arrives.
 */
@QuarkusTest
class DeidentificationStartupTest {

    @Inject
    DeidentificationPolicy policy;

    @Test
    void shouldLoadTheConfiguredPolicy_whenTheFunctionStarts() {
        assertThat(policy.version()).isEqualTo("safe-harbor-1.0.0");
        assertThat(policy.rules()).isNotEmpty();
    }
}
