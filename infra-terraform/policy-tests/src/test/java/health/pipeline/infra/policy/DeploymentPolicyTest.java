package health.pipeline.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;

import health.pipeline.infra.policy.checks.PolicyCheck;
import health.pipeline.infra.policy.checks.PolicyChecks;
import health.pipeline.infra.policy.checks.Violation;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.TerraformModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every control holds on infra-terraform/, and every control's check flags exactly the bad blocks of its fixture
 * (fixtures/&lt;check id&gt;/ with expected-violations.txt): a check that cannot fail would pass both ways.
 */
class DeploymentPolicyTest {

    /** The pipeline module's calls (module name to module directory): the whole deployment of one environment. */
    private static final Map<String, String> PIPELINE_MODULES = Map.of("keys", "modules/keys",
            "network", "modules/network", "storage", "modules/storage", "messaging", "modules/messaging",
            "database", "modules/database", "functions", "modules/functions", "audit_api", "modules/audit-api",
            "observability", "modules/observability");

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
                "modules/database", "modules/observability", "modules/audit-api", "modules/pipeline", "envs/dev",
                "envs/prod");
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

    /**
     * The checks follow a value from a module through modules/pipeline to each environment's variables, so they
     * only prove something about dev and prod if each environment calls the pipeline module and passes it every
     * value (the pipeline's variables have no defaults of their own), and the pipeline calls every module. The
     * moved blocks carry a state from before the pipeline module to the new addresses without destroy/create.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"envs/dev", "envs/prod"})
    void shouldDeployEveryModuleThroughThePipeline_whenDeployingAnEnvironment(String environment) {
        TerraformModule env = module(environment);
        TerraformModule pipeline = module("modules/pipeline");
        Path root = Configurations.deployment().root();

        assertThat(env.moduleCalls()).as("module calls of " + environment).singleElement()
                .satisfies(call -> assertThat(env.sourceDirectory(call)).contains(pipeline.directory()));
        Block call = env.moduleCalls().getFirst();
        assertThat(pipeline.variables()).as("variables of modules/pipeline").isNotEmpty().allSatisfy(variable -> {
            assertThat(variable.has("default")).as("modules/pipeline sets a default for " + variable.name())
                    .isFalse();
            assertThat(call.has(variable.name())).as(environment + " passes " + variable.name()).isTrue();
        });
        assertThat(pipeline.moduleCalls()).extracting(Block::name)
                .containsExactlyInAnyOrderElementsOf(PIPELINE_MODULES.keySet());
        for (Block module : pipeline.moduleCalls()) {
            assertThat(pipeline.sourceDirectory(module)).as("source of module." + module.name())
                    .contains(root.resolve(PIPELINE_MODULES.get(module.name())));
            assertThat(env.moves()).as("moved blocks of " + environment)
                    .containsEntry("module." + module.name(), "module." + call.name() + ".module." + module.name());
        }
    }

    private static TerraformModule module(String path) {
        return Configurations.deployment().modules().stream().filter(m -> m.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no module " + path));
    }
}
