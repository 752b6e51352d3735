package health.pipeline.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import health.pipeline.audit.store.Forger;
import health.pipeline.model.audit.Checkpoint;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Someone who can write the audit database rewrote entry 13, rechained the trail, re-signed every checkpoint with a
 * key of their own and stored that key's public half beside each checkpoint (and, here, replaced the archived copies
 * too). The API takes the key from the key service, so the forgery does not verify.
 */
@QuarkusTest
@QuarkusTestResource(value = ForgedTrailVerificationTest.ForgedTrail.class, restrictToAnnotatedClass = true)
class ForgedTrailVerificationTest {

    public static class ForgedTrail extends AuditApiResource {
        @Override
        protected void tamper(Connection owner) throws Exception {
            new Forger().rewrite(owner, 13, "\"resourceCount\":\"42\"", "\"resourceCount\":\"41\"");
            // Even with the archived copies replaced too (beyond what Object Lock allows), the key decides.
            try (var statement = owner.createStatement(); var rs = statement.executeQuery("select tree_size,"
                    + " root_hash, chain_head, issued_at, key_id, algorithm, signature from audit_checkpoint")) {
                while (rs.next()) {
                    Checkpoint forged = new Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7));
                    ARCHIVE.put(TestPorts.ARCHIVE_BUCKET, forged.objectKey(), forged.toJsonBytes(),
                            "application/json", null, Map.of());
                }
            }
        }
    }

    @BeforeAll
    static void sendRequestsAsTheRestApiDoes() {
        RestAssured.filters(new RestApiGatewayFilter());
    }

    @AfterAll
    static void removeTheGatewayFilter() {
        RestAssured.replaceFiltersWith(List.of());
    }

    @Test
    void shouldAnswer409NamingTheFirstForgedCheckpoint_whenThePublicKeysInTheDatabaseWereSwapped() {
        JsonPath report = given().auth().oauth2(AuditApiResource.token("auditor-forgery", List.of("auditor")))
                .when().get("/audit/verification")
                .then().statusCode(409).extract().jsonPath();

        assertThat(report.getBoolean("valid")).isFalse();
        assertThat(report.getLong("firstBadCheckpoint")).isEqualTo(10);
        assertThat(report.getString("problem")).contains("signature of checkpoint 10");
        assertThat(report.getString("signatureKey")).isEqualTo("trusted");
    }
}
