package health.pipeline.deidentification.reidentification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import health.pipeline.contracts.AuditEvent;
import health.pipeline.contracts.ObjectRef;
import health.pipeline.contracts.RecordsDeidentified;
import health.pipeline.deidentification.Fixtures;
import health.pipeline.deidentification.records.PipelineHarness;
import health.pipeline.function.events.EventEmitter;
import health.pipeline.function.security.BearerTokens;
import health.pipeline.function.security.IdentityProviderTokens;
import health.pipeline.model.crypto.EnvelopeCipher;
import health.pipeline.model.ports.EventPublisher;

class PseudonymResolutionTest {
    private static final String ISSUER = "https://idp.example-hospital.org";
    private static final String AUDIENCE = "reidentification";
    private static final int RATE_LIMIT = 5;
    private static final KeyPair IDENTITY_PROVIDER = rsa();
    private static final KeyPair FORGER = rsa();

    private PipelineHarness harness;
    private PseudonymResolution resolution;
    private RecordsDeidentified.DeidentifiedRecord ward;
    private RecordsDeidentified.DeidentifiedRecord planted;

    @BeforeEach
    void deidentifyTwoPatients() {
        harness = new PipelineHarness();
        var ingested = harness.ingest("ing-0009", "ward7", Fixtures.SAMPLES.resolve("ward-deteriorating-patient.json"),
                Fixtures.CORPUS.resolve("planted-phi-every-field.json"));
        harness.deidentification.deidentify(ingested, "corr-9").toCompletableFuture().join();
        ward = harness.deidentified().records().get(0);
        planted = harness.deidentified().records().get(1);
        resolution = new PseudonymResolution(harness.store, new EnvelopeCipher(harness.keys), Fixtures.pseudonymizer(),
                Fixtures.SAFE_HARBOR, harness.events,
                new BearerTokens(IDENTITY_PROVIDER.getPublic(), ISSUER, AUDIENCE),
                new RequesterRateLimit(RATE_LIMIT, Duration.ofHours(1), Fixtures.CLOCK, 100),
                PipelineHarness.RAW, PipelineHarness.DEID);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String subject, List<String> roles, List<String> facilities) {
        return IdentityProviderTokens.sign(IDENTITY_PROVIDER, ISSUER, AUDIENCE, subject, roles, 5,
                Map.of(BearerTokens.FACILITIES_CLAIM, facilities));
    }

    private static String clinician() {
        return token("user:nurse.jones", List.of("attending-clinician"), List.of("ward7"));
    }

    private ReidentificationResult resolve(String token, String role, String purpose, String patient, ObjectRef record) {
        return resolution.resolve(new ReidentificationRequest(token, role, purpose, patient, record), "corr-r")
                .toCompletableFuture().join();
    }

    private List<AuditEvent> reidentifyAudits() {
        return harness.audits().stream().filter(a -> a.action().equals("REIDENTIFY")).toList();
    }

    private AuditEvent lastAudit() {
        var audits = reidentifyAudits();
        return audits.get(audits.size() - 1);
    }

    private void assertNoPhiPublished() {
        assertThat(harness.publisher.published().toString()).doesNotContain("Testwood", "W7-448210", "987-65",
                "1951-03-14", "Marguerite", "QX-7781203");
    }

    @Test
    void shouldReturnOnlyWhatTheRoleNeeds_whenAnAttendingClinicianAsks() {
        var result = resolve(clinician(), "attending-clinician", "TREAT", ward.patient(), ward.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.RESOLVED);
        assertThat(result.names().toString()).contains("Testwood");
        assertThat(result.identifiers().toString()).contains("W7-448210").doesNotContain("987-65-4321");
        assertThat(result.birthDate()).isEqualTo("1951-03-14");
        assertThat(result.toString()).doesNotContain("Testwood");
        AuditEvent audit = lastAudit();
        assertThat(audit.outcome()).isEqualTo("success");
        assertThat(audit.actor()).isEqualTo("user:nurse.jones");
        assertThat(audit.purpose()).isEqualTo("TREAT");
        assertThat(audit.patient()).isEqualTo(ward.patient());
        assertThat(audit.details()).containsEntry("role", "attending-clinician").containsEntry("facility", "ward7")
                .containsEntry("disclosed", "birthDate+identifier:MR+name");
        assertNoPhiPublished();
    }

    @Test
    void shouldWithholdTheBirthDateAndOtherIdentifiers_whenTheRapidResponseTeamAsks() {
        String token = token("user:rrt.lead", List.of("rapid-response-team"), List.of("ward7"));

        var result = resolve(token, "rapid-response-team", "ETREAT", planted.patient(), planted.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.RESOLVED);
        assertThat(result.names()).isNotEmpty();
        assertThat(result.birthDate()).isNull();
        assertThat(result.identifiers()).singleElement().satisfies(id -> assertThat(id.path("value").asText())
                .isEqualTo("QX-7781203"));
    }

    @Test
    void shouldRefuseAndAudit_whenTheTokenIsForgedExpiredForAnotherAudienceOrMissing() {
        String forged = IdentityProviderTokens.sign(FORGER, ISSUER, AUDIENCE, "user:nurse.jones",
                List.of("attending-clinician"), 5, Map.of(BearerTokens.FACILITIES_CLAIM, List.of("ward7")));
        String expired = IdentityProviderTokens.sign(IDENTITY_PROVIDER, ISSUER, AUDIENCE, "user:nurse.jones",
                List.of("attending-clinician"), -5, Map.of(BearerTokens.FACILITIES_CLAIM, List.of("ward7")));
        String auditApiToken = IdentityProviderTokens.sign(IDENTITY_PROVIDER, ISSUER, "audit-api", "user:nurse.jones",
                List.of("attending-clinician"), 5, Map.of(BearerTokens.FACILITIES_CLAIM, List.of("ward7")));
        String unsigned = clinician().substring(0, clinician().lastIndexOf('.') + 1);

        for (String token : new String[] {forged, expired, auditApiToken, unsigned, "", null}) {
            var result = resolve(token, "attending-clinician", "TREAT", ward.patient(), ward.object());
            assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
            assertThat(result.names()).isEmpty();
            assertThat(lastAudit().outcome()).isEqualTo("denied");
            assertThat(lastAudit().actor()).isEqualTo(PseudonymResolution.UNVERIFIED);
            assertThat(lastAudit().details()).containsEntry("reason", "tokenInvalid");
        }
        assertThat(reidentifyAudits()).hasSize(6);
        assertNoPhiPublished();
    }

    @Test
    void shouldDeny_whenTheRequestNamesARoleTheTokenDoesNotGrant() {
        String token = token("user:analyst", List.of("data-scientist"), List.of("ward7"));

        var result = resolve(token, "attending-clinician", "TREAT", ward.patient(), ward.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().actor()).isEqualTo("user:analyst");
        assertThat(lastAudit().details()).containsEntry("reason", "roleNotAllowed");
    }

    @Test
    void shouldDeny_whenTheTokensRoleIsNotOneThePolicyAllows() {
        String token = token("user:analyst", List.of("data-scientist"), List.of("ward7"));

        var result = resolve(token, "data-scientist", "TREAT", ward.patient(), ward.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().details()).containsEntry("reason", "roleNotAllowed");
    }

    @Test
    void shouldDenyAndRecordThePurpose_whenThePurposeIsNotAllowed() {
        var result = resolve(clinician(), "attending-clinician", "HRESCH", ward.patient(), ward.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().outcome()).isEqualTo("denied");
        assertThat(lastAudit().purpose()).isEqualTo("HRESCH");
        assertThat(lastAudit().details()).containsEntry("reason", "purposeNotAllowed");
    }

    @Test
    void shouldDenyWithoutReadingTheRawZone_whenThePatientIsOfAFacilityTheTokenDoesNotName() {
        String token = token("user:nurse.smith", List.of("attending-clinician"), List.of("ward9", "icu"));
        long decryptsBefore = harness.keys.decryptCalls();

        var result = resolve(token, "attending-clinician", "TREAT", ward.patient(), ward.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(result.names()).isEmpty();
        assertThat(harness.keys.decryptCalls()).isEqualTo(decryptsBefore);
        assertThat(lastAudit().details()).containsEntry("reason", "facilityNotInToken").containsEntry("facility", "ward7");
        assertThat(lastAudit().objects()).isEmpty();
    }

    @Test
    void shouldDenyAndAudit_whenARequesterGoesOverTheRateLimit() {
        String token = clinician();
        for (int i = 0; i < RATE_LIMIT; i++) {
            assertThat(resolve(token, "attending-clinician", "TREAT", ward.patient(), ward.object()).outcome())
                    .isEqualTo(ReidentificationResult.Outcome.RESOLVED);
        }

        var over = resolve(token, "attending-clinician", "TREAT", ward.patient(), ward.object());
        var otherRequester = resolve(token("user:nurse.lee", List.of("attending-clinician"), List.of("ward7")),
                "attending-clinician", "TREAT", ward.patient(), ward.object());

        assertThat(over.outcome()).isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(over.names()).isEmpty();
        assertThat(otherRequester.outcome()).isEqualTo(ReidentificationResult.Outcome.RESOLVED);
        assertThat(reidentifyAudits()).hasSize(RATE_LIMIT + 2);
        assertThat(reidentifyAudits().get(RATE_LIMIT).details()).containsEntry("reason", "rateLimited");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MRN-40917733", "W7-448210", "987-65-4321", "987654321", "Testwood_Eleanor"})
    void shouldRefuseAndNotRecordTheValue_whenThePatientIsAnMrnOrSsnRatherThanAPseudonym(String identifier) {
        var result = resolve(clinician(), "attending-clinician", "TREAT", identifier, ward.object());

        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(lastAudit().patient()).isNull();
        assertThat(lastAudit().details()).containsEntry("reason", "notAPseudonym");
        assertThat(harness.publisher.published().toString()).doesNotContain(identifier);
    }

    @Test
    void shouldRevealNothing_whenThePseudonymDoesNotBelongToTheRecord() {
        var result = resolve(clinician(), "attending-clinician", "TREAT", planted.patient(), ward.object());
        assertThat(result.outcome()).isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(result.identifiers()).isEmpty();
        assertThat(lastAudit().outcome()).isEqualTo("failure");
        assertThat(lastAudit().details()).containsEntry("reason", "pseudonymMismatch");
    }

    @Test
    void shouldRevealNothing_whenTheRecordIsOutsideTheDeidZoneOrMissing() {
        assertThat(resolve(clinician(), "attending-clinician", "TREAT", ward.patient(),
                new ObjectRef("raw", ward.object().key())).outcome()).isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(lastAudit().details()).containsEntry("reason", "notADeidentifiedRecord");
        assertThat(resolve(clinician(), "attending-clinician", "TREAT", ward.patient(),
                new ObjectRef(PipelineHarness.DEID, "records/ward7/ing-0009/77.ndjson")).outcome())
                .isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(lastAudit().details()).containsEntry("reason", "rawRecordMissing");
        assertThat(reidentifyAudits()).hasSize(2);
    }

    @Test
    void shouldAuditEveryMalformedAttempt_whenRoleRecordPurposeOrTheWholeRequestIsNull() {
        assertThat(resolve(clinician(), null, "TREAT", ward.patient(), ward.object()).outcome())
                .isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().details()).containsEntry("role", "none").containsEntry("reason", "roleNotAllowed");
        assertThat(resolve(clinician(), "attending-clinician", "TREAT", ward.patient(), null).outcome())
                .isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(lastAudit().details()).containsEntry("requestedRecord", "none")
                .containsEntry("reason", "notADeidentifiedRecord");
        assertThat(resolve(clinician(), "attending-clinician", null, ward.patient(), ward.object()).outcome())
                .isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().purpose()).isEqualTo("UNKNOWN");
        assertThat(resolve(clinician(), "attending-clinician", "TREAT", ward.patient(),
                new ObjectRef(PipelineHarness.DEID, null)).outcome()).isEqualTo(ReidentificationResult.Outcome.NOT_FOUND);
        assertThat(resolution.resolve(null, "corr-null").toCompletableFuture().join().outcome())
                .isEqualTo(ReidentificationResult.Outcome.DENIED);
        assertThat(lastAudit().actor()).isEqualTo(PseudonymResolution.UNVERIFIED);
        assertThat(lastAudit().details()).containsEntry("reason", "malformedRequest");

        assertThat(reidentifyAudits()).hasSize(5).allSatisfy(a -> assertThat(a.outcome()).isIn("denied", "failure"));
    }

    @Test
    void shouldAuditTheFailureAndFailTheCall_whenTheKeyServiceIsDown() {
        harness.keys.setAvailable(false);

        assertThatThrownBy(() -> resolve(clinician(), "attending-clinician", "TREAT", ward.patient(), ward.object()))
                .isInstanceOf(CompletionException.class).hasMessageNotContaining("Testwood");

        AuditEvent audit = lastAudit();
        assertThat(audit.outcome()).isEqualTo("failure");
        assertThat(audit.actor()).isEqualTo("user:nurse.jones");
        assertThat(audit.details()).containsEntry("reason", "internalError");
        assertNoPhiPublished();
    }

    @Test
    void shouldFailTheCallAndRevealNothing_whenTheAuditEntryCannotBeWritten() {
        var failingAudit = new EventEmitter(new EventPublisher() {
            @Override
            public CompletionStage<Void> publish(String channel, String eventId, String encodedEvent,
                    Map<String, String> attributes) {
                return CompletableFuture.failedFuture(new IllegalStateException("audit queue unavailable"));
            }

            @Override
            public CompletionStage<Void> publishDelayed(String channel, String eventId, String encodedEvent,
                    Duration delay) {
                return CompletableFuture.failedFuture(new IllegalStateException("audit queue unavailable"));
            }
        }, "deidentification", Fixtures.CLOCK);
        var unaudited = new PseudonymResolution(harness.store, new EnvelopeCipher(harness.keys), Fixtures.pseudonymizer(),
                Fixtures.SAFE_HARBOR, failingAudit, new BearerTokens(IDENTITY_PROVIDER.getPublic(), ISSUER, AUDIENCE),
                new RequesterRateLimit(RATE_LIMIT, Duration.ofHours(1), Fixtures.CLOCK, 100),
                PipelineHarness.RAW, PipelineHarness.DEID);

        assertThatThrownBy(() -> unaudited.resolve(new ReidentificationRequest(clinician(), "attending-clinician",
                "TREAT", ward.patient(), ward.object()), "corr-x").toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasMessageNotContaining("Testwood");
    }
}
