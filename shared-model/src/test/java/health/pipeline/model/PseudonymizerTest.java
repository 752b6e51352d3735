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

    @Test
    void shouldRecogniseOnlyEmittedPatientPseudonyms_whenMrnOrSsnLikeValuesArePassed() {
        var p = new Pseudonymizer(secret, "k-1");
        assertThat(Pseudonymizer.isPatientPseudonym(p.pseudonym("patient", "MRN-1"))).isTrue();
        assertThat(Pseudonymizer.isPatientPseudonym(p.pseudonym("encounter", "MRN-1"))).isFalse();
        for (String notAPseudonym : new String[] {"MRN-40917733", "123-45-6789", "123456789", "MRN40917733",
                "Halloran_Bridget", "p-3F9A1C2B7D4E5F6012345678", "p-3f9a1c2b7d4e5f60", null}) {
            assertThat(Pseudonymizer.isPatientPseudonym(notAPseudonym)).as(String.valueOf(notAPseudonym)).isFalse();
        }
    }
}
