package health.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import health.pipeline.model.pseudonym.Pseudonymizer;

class PseudonymizerTest {
    private final byte[] secret = new byte[32];
    {
        Arrays.fill(secret, (byte) 7);
    }

    @Test
    void shouldAgreeAcrossInstances_whenTheSecretIsTheSame() {
        var a = new Pseudonymizer(secret, "k-1");
        var b = new Pseudonymizer(secret.clone(), "k-1");
        assertThat(a.pseudonym("patient", "MRN-1")).isEqualTo(b.pseudonym("patient", "MRN-1"))
                .matches("p-[0-9a-f]{24}");
        assertThat(a.dateShiftDays("MRN-1", 365)).isEqualTo(b.dateShiftDays("MRN-1", 365));
    }

    @Test
    void shouldSeparateDomains_whenTheSameValueIsAPatientAndAnEncounter() {
        var p = new Pseudonymizer(secret, "k-1");
        assertThat(p.pseudonym("patient", "1")).isNotEqualTo(p.pseudonym("encounter", "1").replace("e-", "p-"));
    }

    @Test
    void shouldNeverShiftByZeroAndStayInRange_whenManyPatients() {
        var p = new Pseudonymizer(secret, "k-1");
        for (int i = 0; i < 2000; i++) {
            int shift = p.dateShiftDays("patient-" + i, 30);
            assertThat(shift).isNotZero().isBetween(-30, 30);
        }
    }

    @Test
    void shouldRefuseAShortSecret() {
        assertThatThrownBy(() -> new Pseudonymizer(new byte[16], "k")).isInstanceOf(IllegalArgumentException.class);
    }
}
