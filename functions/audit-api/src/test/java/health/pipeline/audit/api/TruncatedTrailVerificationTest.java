package health.pipeline.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Someone who can write the audit database deleted the last eight entries and the checkpoint row that covered them.
 * The database alone looks whole; the checkpoint the archive (S3 Object Lock) still holds says otherwise.
 */
@QuarkusTest
@QuarkusTestResource(value = TruncatedTrailVerificationTest.TruncatedTrail.class, restrictToAnnotatedClass = true)
class TruncatedTrailVerificationTest {

    public static class TruncatedTrail extends AuditApiResource {
        @Override
        protected void tamper(Connection owner) throws Exception {
            try (var statement = owner.createStatement()) {
                statement.execute("alter table audit_entry disable trigger user");
                statement.execute("alter table audit_checkpoint disable trigger user");
                statement.execute("delete from audit_entry where sequence > 22");
                statement.execute("delete from audit_checkpoint where tree_size = 30");
                statement.execute("alter table audit_entry enable trigger user");
                statement.execute("alter table audit_checkpoint enable trigger user");
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
    void shouldAnswer409NamingTheTruncation_whenOnlyTheArchiveStillHoldsTheLastCheckpoint() {
        JsonPath report = given().auth().oauth2(AuditApiResource.token("auditor-truncation", List.of("auditor")))
                .when().get("/audit/verification")
                .then().statusCode(409).extract().jsonPath();

        assertThat(report.getBoolean("valid")).isFalse();
        assertThat(report.getLong("firstBadEntry")).isEqualTo(23);
        assertThat(report.getLong("firstBadCheckpoint")).isEqualTo(30);
        assertThat(report.getString("problem")).contains("truncated tail");
    }
}
