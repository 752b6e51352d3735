package health.pipeline.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.notNullValue;

import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import health.pipeline.model.audit.AuditTree;
import health.pipeline.model.audit.MerkleTree;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The API over HTTP against a real PostgreSQL, each request reaching the function as the private REST API's proxy
 * event (payload 1.0, {@link RestApiGatewayFilter}). Queries are appended to the same trail they read, so tests assert
 * on what they seeded and on the audit entries of their own subject.
 */
@QuarkusTest
@QuarkusTestResource(value = AuditApiResource.class, restrictToAnnotatedClass = true)
class AuditApiTest {
    private static final String PATIENT = "p-000000000000000000000003";

    /** The API's own pool: the database user it is configured with. */
    @Inject
    DataSource dataSource;

    @BeforeAll
    static void sendRequestsAsTheRestApiDoes() {
        RestAssured.filters(new RestApiGatewayFilter());
    }

    @AfterAll
    static void removeTheGatewayFilter() {
        RestAssured.replaceFiltersWith(List.of());
    }

    @Test
    void shouldListThePatientsDisclosuresAndAuditTheQuery_whenAPrivacyOfficerAsks() throws Exception {
        String subject = "privacy-officer-1";
        JsonPath body = given().auth().oauth2(AuditApiResource.token(subject, List.of("privacy-officer")))
                .queryParam("patient", PATIENT).queryParam("limit", 100)
                .when().get("/audit/disclosures")
                .then().statusCode(200).header("Audit-Event-Id", notNullValue())
                .extract().jsonPath();

        List<Map<String, Object>> items = body.getList("items");
        // entries 3, 10, 17, 24 of the seeded 30 concern p-...3 (i % 7 == 3)
        assertThat(items).extracting(i -> ((Number) i.get("sequence")).longValue()).contains(3L, 10L, 17L, 24L);
        assertThat(items).allSatisfy(item -> {
            assertThat(item).containsKeys("date", "recipient", "description", "purpose");
            assertThat(item.toString()).doesNotContain("name", "birth", "address");
        });
        assertThat(items.get(0).get("description").toString()).contains("DEIDENTIFY success; hp-deid-dev/deid/fac/");
        assertThat(auditEntriesOf(subject)).containsExactly("AUDIT_QUERY success " + PATIENT);
    }

    @Test
    void shouldRefuseAndAuditTheRefusal_whenAnAuditorAsksForDisclosures() throws Exception {
        String subject = "auditor-without-privacy-role";
        given().auth().oauth2(AuditApiResource.token(subject, List.of("auditor")))
                .queryParam("patient", PATIENT)
                .when().get("/audit/disclosures")
                .then().statusCode(403);

        assertThat(auditEntriesOf(subject)).containsExactly("AUDIT_QUERY denied null");
    }

    @Test
    void shouldRefuse_whenThereIsNoTokenOrItIsForgedOrExpired() throws Exception {
        given().queryParam("actor", "scoring").when().get("/audit/entries").then().statusCode(401);

        var forger = KeyPairGenerator.getInstance("RSA");
        forger.initialize(2048);
        given().auth().oauth2(AuditApiResource.token("forger", List.of("auditor"), forger.generateKeyPair(), 5))
                .when().get("/audit/entries").then().statusCode(401);
        given().auth().oauth2(AuditApiResource.token("late", List.of("auditor"), AuditApiResource.identityProvider,
                -10)).when().get("/audit/entries").then().statusCode(401);
        assertThat(auditEntriesOf("forger")).isEmpty();
        assertThat(auditEntriesOf("anonymous")).containsExactly("AUDIT_QUERY denied null");
    }

    @Test
    void shouldWalkAnActorsHistoryPageByPage_whenTheLimitIsSmallerThanTheHistory() throws Exception {
        String token = AuditApiResource.token("auditor-pages", List.of("auditor"));
        List<Long> seen = new ArrayList<>();
        Long after = 0L;
        int pages = 0;
        while (after != null) {
            JsonPath page = given().auth().oauth2(token).queryParam("actor", "scoring").queryParam("limit", 4)
                    .queryParam("after", after)
                    .when().get("/audit/entries").then().statusCode(200).extract().jsonPath();
            page.getList("items", Map.class).forEach(i -> seen.add(((Number) i.get("sequence")).longValue()));
            Object next = page.get("nextAfter");
            after = next == null ? null : ((Number) next).longValue();
            pages++;
        }
        // scoring is the actor of every third seeded entry: 3, 6, ..., 30
        assertThat(seen).containsExactly(3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L, 30L);
        assertThat(pages).isEqualTo(3);
        assertThat(auditEntriesOf("auditor-pages")).hasSize(3).allMatch(e -> e.startsWith("AUDIT_QUERY success"));
    }

    @Test
    void shouldFindTheAccessesToOneObjectWithinATimeRange_whenFilteredByObjectAndTime() {
        String token = AuditApiResource.token("auditor-object", List.of("auditor"));
        List<Integer> byObject = given().auth().oauth2(token).queryParam("bucket", "hp-deid-dev")
                .queryParam("key", "deid/fac/12.ndjson").when().get("/audit/entries")
                .then().statusCode(200).extract().jsonPath().getList("items.sequence");
        assertThat(byObject).containsExactly(12);

        // fixture entry i occurred at 2025-03-01T10:00:00Z + i seconds
        List<Integer> byTime = given().auth().oauth2(token).queryParam("from", "2025-03-01T10:00:05Z")
                .queryParam("to", "2025-03-01T10:00:08Z").queryParam("actor", "deidentification")
                .when().get("/audit/entries")
                .then().statusCode(200).extract().jsonPath().getList("items.sequence");
        assertThat(byTime).containsExactly(5, 7);
    }

    @Test
    void shouldRejectAndAudit_whenThePatientParameterIsNotAPseudonym() throws Exception {
        given().auth().oauth2(AuditApiResource.token("privacy-officer-typo", List.of("privacy-officer")))
                .queryParam("patient", "John Smith")
                .when().get("/audit/disclosures")
                .then().statusCode(400);

        assertThat(auditEntriesOf("privacy-officer-typo")).containsExactly("AUDIT_QUERY failure null");
    }

    @Test
    void shouldReportAValidTrailWithItsCheckpoints_whenAnAuditorAsksForVerification() {
        JsonPath report = given().auth().oauth2(AuditApiResource.token("auditor-verify", List.of("auditor")))
                .when().get("/audit/verification")
                .then().statusCode(200).extract().jsonPath();

        assertThat(report.getBoolean("valid")).isTrue();
        assertThat(report.getInt("checkpointsVerified")).isEqualTo(3);
        assertThat(report.getString("signatureKey")).isEqualTo("trusted");
    }

    @Test
    void shouldServeAnInclusionProofThatVerifiesAgainstTheCheckpointRoot_whenAnAuditorAsks() throws Exception {
        String token = AuditApiResource.token("auditor-proof", List.of("auditor"));
        JsonPath proof = given().auth().oauth2(token).queryParam("sequence", 7).queryParam("treeSize", 20)
                .when().get("/audit/proofs/inclusion").then().statusCode(200).extract().jsonPath();

        String root;
        String chainHash;
        try (Connection connection = AuditApiResource.postgres.superuser(AuditApiResource.database);
                var statement = connection.createStatement()) {
            try (var rs = statement.executeQuery("select root_hash from audit_checkpoint where tree_size = 20")) {
                rs.next();
                root = rs.getString(1);
            }
            try (var rs = statement.executeQuery("select hash from audit_entry where sequence = 7")) {
                rs.next();
                chainHash = rs.getString(1);
            }
        }
        assertThat(proof.getString("rootHash")).isEqualTo(root);
        List<byte[]> path = proof.getList("path", String.class).stream().map(HexFormat.of()::parseHex).toList();
        assertThat(MerkleTree.verifyInclusion(AuditTree.leafHash(chainHash), 6, 20, path, HexFormat.of().parseHex(root)))
                .isTrue();
    }

    @Test
    void shouldRefuseEveryWrite_whenTheApisOwnDatabaseUserTriesToChangeAnAuditTable() throws Exception {
        List<String> writes = List.of(
                "insert into audit_entry select sequence + 1000, event_id || '-copy', occurred_at, recorded_at, actor,"
                        + " action, outcome, purpose, patient, correlation_id, entry, previous_hash, hash"
                        + " from audit_entry where sequence = 1",
                "insert into audit_checkpoint select tree_size + 1000, root_hash, chain_head, issued_at, key_id,"
                        + " algorithm, signature, public_key, frontier, object_key from audit_checkpoint"
                        + " where tree_size = 10",
                "insert into audit_archive_segment values (1, 10, 10, repeat('0', 64), 'segments/x.jsonl', now())",
                "update audit_entry set actor = 'x' where sequence = 2", "update audit_checkpoint set root_hash = 'x'",
                "update audit_archive_segment set sha256 = 'x'", "delete from audit_entry where sequence = 3",
                "delete from audit_checkpoint", "delete from audit_archive_segment");
        try (Connection api = dataSource.getConnection(); var statement = api.createStatement()) {
            for (String sql : writes) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                        .hasMessageContaining("permission denied");
            }
        }
    }

    /** "action outcome patient" of every audit entry whose actor is {@code subject}, in order. */
    private static List<String> auditEntriesOf(String subject) throws Exception {
        List<String> entries = new ArrayList<>();
        try (Connection connection = AuditApiResource.postgres.superuser(AuditApiResource.database);
                var statement = connection.prepareStatement(
                        "select action, outcome, patient from audit_entry where actor = ? order by sequence")) {
            statement.setString(1, subject);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    entries.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return entries;
    }
}
