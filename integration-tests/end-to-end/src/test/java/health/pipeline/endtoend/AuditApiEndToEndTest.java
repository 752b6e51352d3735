package health.pipeline.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.audit.api.RestApiProxyRequests;
import health.pipeline.audit.store.SignedTrail;
import health.pipeline.audit.store.schema.AuditSchema;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.function.security.IdentityProviderTokens;
import health.pipeline.localcloud.cloud.Database;
import health.pipeline.localcloud.cloud.LocalCloud;
import health.pipeline.localcloud.lambda.PackagedFunction;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The audit API's deployment zip, run as Lambda runs it (AWS's runtime interface client, the HTTP handler), invoked
 * with the Lambda proxy events (payload format 1.0) the private API Gateway REST API sends, against a real PostgreSQL
 * holding a signed trail: what an auditor and a privacy officer check. Tokens are real JWTs signed by a key standing
 * in for the hospital's identity provider. The gateway has no JWT authorizer (REST APIs have none; ADR 0049): the
 * function is the one that refuses a missing, forged or wrongly-roled token, which is what the tests without a valid
 * token show.
 */
class AuditApiEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://idp.hospital.test/realms/workforce";
    private static final String AUDIENCE = "audit-api";
    private static final String API_USER = "audit_api";
    private static final String WRITER_USER = "audit_writer";
    private static final int SEEDED = 30;
    private static final String ARCHIVE_BUCKET = "audit-archive";
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);

    private static Database database;
    private static LocalCloud cloud;
    private static PackagedFunction api;
    private static KeyPair identityProvider;

    @BeforeAll
    static void startTheApiOnASignedTrail() throws Exception {
        Path root = Path.of(System.getProperty("pipeline.root", "../..")).toAbsolutePath().normalize();
        Path work = root.resolve("integration-tests/end-to-end/target/audit-api");
        database = Database.embedded(work);
        // The deployment step: migrations as the schema owner, the writer's login in the append-only application
        // role, the API's in the read-only role (ADR 0077).
        String writerPassword = UUID.randomUUID().toString();
        String apiPassword = UUID.randomUUID().toString();
        AuditSchema.prepare(database.jdbcUrl(), database.user(), database.password(), WRITER_USER, writerPassword);
        AuditSchema.prepareReader(database.jdbcUrl(), database.user(), database.password(), API_USER, apiPassword);
        // 30 entries signed at 10, 20 and 30, as the writer would have left them, checkpoints in the archive bucket
        SignedTrail trail;
        try (Connection writer = DriverManager.getConnection(database.jdbcUrl(), WRITER_USER, writerPassword)) {
            trail = new SignedTrail().write(writer, SEEDED);
        }
        cloud = LocalCloud.start();
        trail.archive.bucket(SignedTrail.ARCHIVE).forEach((key, object) -> cloud.s3().putObject(
                b -> b.bucket(ARCHIVE_BUCKET).key(key), RequestBody.fromBytes(object.content())));
        identityProvider = rsaKeyPair();
        byte[] signingKey = trail.signer.publicKey(SignedTrail.KEY).toCompletableFuture().get(10, TimeUnit.SECONDS);

        api = PackagedFunction.start("audit-api", packageOf(root), work.resolve("function"),
                environment(apiPassword, signingKey), work.resolve("audit-api.log"), PackagedFunction.HTTP_HANDLER);
    }

    /**
     * The function's configuration, by the names Terraform sets on AWS (modules/audit-api; RunningSystemConsistencyTest
     * compares them). There the password is an IAM token (QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER=rds-iam).
     */
    private static Map<String, String> environment(String apiPassword, byte[] signingKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("PIPELINE_AWS_REGION", "eu-west-1");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", API_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", apiPassword);
        env.put("PIPELINE_AUDIT_API_JWT_PUBLIC_KEY",
                Base64.getEncoder().encodeToString(identityProvider.getPublic().getEncoded()));
        env.put("PIPELINE_AUDIT_API_JWT_ISSUER", ISSUER);
        env.put("PIPELINE_AUDIT_API_JWT_AUDIENCE", AUDIENCE);
        // The trail was signed by a key outside the KMS emulator, so its public half is pinned; pinned, it is used
        // instead of KMS GetPublicKey of PIPELINE_KEYS_AUDIT_SIGNING (TrustedSigningKey), as on AWS when set.
        env.put("PIPELINE_AUDIT_API_SIGNING_PUBLIC_KEY", Base64.getEncoder().encodeToString(signingKey));
        env.put("PIPELINE_KEYS_AUDIT_SIGNING", cloud.keyArn("audit-signing"));
        env.put("PIPELINE_BUCKETS_AUDIT_ARCHIVE", ARCHIVE_BUCKET);
        env.put("AWS_ACCESS_KEY_ID", LocalCloud.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalCloud.SECRET_KEY);
        env.put("PIPELINE_AWS_S3_ENDPOINT_OVERRIDE", cloud.environmentFor("audit-writer")
                .get("PIPELINE_AWS_S3_ENDPOINT_OVERRIDE"));
        env.put("PIPELINE_AWS_KMS_ENDPOINT_OVERRIDE", cloud.environmentFor("audit-writer")
                .get("PIPELINE_AWS_KMS_ENDPOINT_OVERRIDE"));
        return env;
    }

    /** As the pipeline's test: {@code -Dpipeline.packages=native} runs native-build/dist/audit-api.zip. */
    private static Path packageOf(Path root) {
        return "native".equals(System.getProperty("pipeline.packages"))
                ? root.resolve("native-build/dist/audit-api.zip")
                : root.resolve("functions/audit-api/target/function.zip");
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (database != null) {
            database.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void shouldAnswerAPageOfEntriesAndAuditTheQuery_whenAnAuditorAsksThroughTheGateway() throws Exception {
        String subject = "auditor-e2e-entries";
        Answer answer = get("/audit/entries", Map.of("actor", "scoring", "limit", "4"), token(subject, "auditor"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        // scoring is the actor of every third seeded entry
        assertThat(answer.body().path("items").findValuesAsText("sequence")).containsExactly("3", "6", "9", "12");
        assertThat(answer.body().path("nextAfter").asLong()).isEqualTo(12);
        assertThat(auditEntriesOf(subject)).containsExactly("AUDIT_QUERY success null");
        assertThat(answer.header("Audit-Event-Id")).isEqualTo(eventIdsOf(subject).getFirst());
    }

    @Test
    void shouldListAPatientsDisclosures_whenAPrivacyOfficerAsksForAPseudonym() throws Exception {
        String subject = "privacy-officer-e2e";
        String patient = "p-000000000000000000000003";
        Answer answer = get("/audit/disclosures", Map.of("patient", patient), token(subject, "privacy-officer"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        // seeded entries 3, 10, 17, 24 concern p-...3 (i % 7 == 3)
        assertThat(answer.body().path("items").findValuesAsText("sequence")).containsExactly("3", "10", "17", "24");
        assertThat(auditEntriesOf(subject)).containsExactly("AUDIT_QUERY success " + patient);
    }

    @Test
    void shouldReportAValidTrailWithTrustedCheckpoints_whenAnAuditorAsksForVerification() throws Exception {
        Answer answer = get("/audit/verification", Map.of(), token("auditor-e2e-verify", "auditor"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body().path("valid").asBoolean()).isTrue();
        assertThat(answer.body().path("entries").asLong()).isGreaterThanOrEqualTo(SEEDED);
        assertThat(answer.body().path("checkpointsVerified").asInt()).isEqualTo(3);
        assertThat(answer.body().path("signatureKey").asText()).isEqualTo("trusted");
    }

    @Test
    void shouldRefuseWith401AndAuditTheAttempt_whenTheEventCarriesNoToken() throws Exception {
        Answer answer = get("/audit/entries", Map.of("actor", "ingestion"), null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.body().toString()).doesNotContain("ingestion", "sequence");
        assertThat(auditEntriesOf("anonymous")).containsExactly("AUDIT_QUERY denied null");
    }

    @Test
    void shouldRefuseWith401WithoutAnEntry_whenTheTokenIsSignedByAnotherKey() throws Exception {
        String forged = IdentityProviderTokens.sign(rsaKeyPair(), ISSUER, AUDIENCE, "forger-e2e", List.of("auditor"), 5);

        Answer answer = get("/audit/verification", Map.of(), forged);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        // no verified principal to name: the gateway's access log and the function's log record it instead
        assertThat(auditEntriesOf("forger-e2e")).isEmpty();
    }

    @Test
    void shouldRefuseWith403AndAuditTheAttempt_whenTheRoleIsNotAllowed() throws Exception {
        String subject = "privacy-officer-e2e-no-auditor";
        Answer answer = get("/audit/verification", Map.of(), token(subject, "privacy-officer"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.body().path("valid").isMissingNode()).as("no report leaves").isTrue();
        assertThat(auditEntriesOf(subject)).containsExactly("AUDIT_QUERY denied null");
    }

    @Test
    void shouldKeepTheTrailVerifiable_whenTheApiHasAppendedTheAuditOfItsQueries() throws Exception {
        String subject = "auditor-e2e-chain";
        get("/audit/entries", Map.of("limit", "1"), token(subject, "auditor"));

        try (Connection connection = database.connect()) {
            var report = new TrailVerifier(null, null).verify(connection);
            assertThat(report.valid()).as(report.toJson().toString()).isTrue();
            assertThat(report.entries()).isGreaterThan(SEEDED);
        }
        assertThat(auditEntriesOf(subject)).hasSize(1);
    }

    /** The function's answer to one API Gateway event: status, headers and the JSON body. */
    private record Answer(int status, Map<String, String> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /**
     * A GET as the private REST API sends it to the function: a Lambda proxy event of payload format 1.0, stage
     * {@code audit}, through the execute-api VPC endpoint, query values decoded.
     */
    private static Answer get(String path, Map<String, String> query, String bearerToken) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.eu-west-1.vpce.amazonaws.com"));
        headers.put("Accept", List.of("application/json"));
        if (bearerToken != null) {
            headers.put("Authorization", List.of("Bearer " + bearerToken));
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        query.forEach((name, value) -> parameters.put(name, List.of(value)));
        ObjectNode event = RestApiProxyRequests.event("GET", path, parameters, headers, null);

        JsonNode response = JSON.readTree(api.invoke(JSON.writeValueAsString(event), INVOCATION_TIMEOUT)
                .get(INVOCATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        // A 1.0 proxy response: what API Gateway turns into the HTTP answer (a 2.0 one would be a 502 there).
        assertThat(response.has("cookies") || response.has("version")).as(response.toString()).isFalse();
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        response.path("headers").properties().forEach(h -> responseHeaders.put(h.getKey(), h.getValue().asText()));
        response.path("multiValueHeaders").properties()
                .forEach(h -> responseHeaders.putIfAbsent(h.getKey(), h.getValue().path(0).asText()));
        String body = response.path("body").asText("");
        if (response.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), java.nio.charset.StandardCharsets.UTF_8);
        }
        return new Answer(response.path("statusCode").asInt(), responseHeaders,
                body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body));
    }

    private static String token(String subject, String role) {
        return IdentityProviderTokens.sign(identityProvider, ISSUER, AUDIENCE, subject, List.of(role), 5);
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** "action outcome patient" of every trail entry whose actor is {@code subject}, in order. */
    private static List<String> auditEntriesOf(String subject) throws Exception {
        return trailColumnsOf(subject, "action || ' ' || outcome || ' ' || coalesce(patient, 'null')");
    }

    private static List<String> eventIdsOf(String subject) throws Exception {
        return trailColumnsOf(subject, "event_id");
    }

    private static List<String> trailColumnsOf(String subject, String expression) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); var statement = connection.prepareStatement(
                "select " + expression + " from audit_entry where actor = ? order by sequence")) {
            statement.setString(1, subject);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
