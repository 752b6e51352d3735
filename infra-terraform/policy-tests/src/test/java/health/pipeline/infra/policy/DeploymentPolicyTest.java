package health.pipeline.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;

import health.pipeline.infra.policy.checks.PolicyCheck;
import health.pipeline.infra.policy.checks.PolicyChecks;
import health.pipeline.infra.policy.checks.Violation;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every control holds on infra-terraform/, and every control's check flags exactly the bad blocks of its fixture
 * (fixtures/&lt;check id&gt;/ with expected-violations.txt): a check that cannot fail would pass both ways.
 */
class DeploymentPolicyTest {

    static Stream<PolicyCheck> checks() {
        return PolicyChecks.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void shouldFindNoViolation_whenCheckingTheDeployment(PolicyCheck check) {
        List<Violation> violations = check.evaluate(Configurations.deployment());

        assertThat(violations).as(check.description()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void shouldFlagExactlyTheBadBlocks_whenCheckingItsBadFixture(PolicyCheck check) {
        TerraformConfiguration fixture = Configurations.fixtures().get(check.id());
        assertThat(fixture).as("fixture directory fixtures/" + check.id()).isNotNull();

        List<Violation> violations = check.evaluate(fixture);

        assertThat(violations).as("violations of " + check.id()).isNotEmpty();
        assertThat(violations.stream().map(Violation::address).distinct())
                .as("flagged blocks of fixtures/%s: %s", check.id(), violations)
                .containsExactlyInAnyOrderElementsOf(Configurations.expectedViolations(check.id()));
    }

    @Test
    void shouldHaveACheckForEveryFixture_whenFixturesExist() {
        List<String> ids = PolicyChecks.all().stream().map(PolicyCheck::id).toList();

        assertThat(Configurations.fixtures().keySet()).isSubsetOf(ids);
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void shouldReadEveryModuleAndEnvironment_whenParsingTheDeployment() {
        TerraformConfiguration deployment = Configurations.deployment();

        assertThat(deployment.modules()).extracting(module -> module.path()).contains(
                "modules/network", "modules/keys", "modules/storage", "modules/messaging", "modules/functions",
                "modules/database", "modules/observability", "modules/audit-api", "envs/dev", "envs/prod");
        // Guards against a vacuous pass: the checks above only mean something if these blocks were read.
        assertThat(deployment.resources("aws_s3_bucket")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(deployment.resources("aws_sqs_queue")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(deployment.resources("aws_lambda_function")).isNotEmpty();
        assertThat(deployment.resources("aws_lambda_event_source_mapping")).isNotEmpty();
        assertThat(deployment.resources("aws_rds_cluster")).isNotEmpty();
        assertThat(deployment.resources("aws_kms_key")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(deployment.resources("aws_cloudwatch_log_group")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(deployment.resources("aws_sns_topic")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(deployment.resources("aws_vpc_endpoint")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(deployment.dataSources("aws_iam_policy_document")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(deployment.resources("aws_api_gateway_rest_api")).isNotEmpty();
        assertThat(deployment.resources("aws_api_gateway_rest_api_policy")).isNotEmpty();
        assertThat(deployment.resources("aws_api_gateway_integration")).isNotEmpty();
        assertThat(deployment.resources("aws_api_gateway_stage")).isNotEmpty();
    }
}
