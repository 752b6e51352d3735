package health.pipeline.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;

import health.pipeline.infra.policy.checks.PolicyCheck;
import health.pipeline.infra.policy.checks.PolicyChecks;
import health.pipeline.infra.policy.checks.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Why each bad block of the re-identification fixture is flagged (issue 14 item 2). */
class ReidentificationCallersTest {

    @Test
    void shouldNameEveryOtherWayIn_whenReidentificationHasMoreCallersThanTheNamedRoles() {
        PolicyCheck check = PolicyChecks.all().stream().filter(c -> c.id().equals("lambda-reidentification-callers"))
                .findFirst().orElseThrow();

        List<String> violations = check.evaluate(Configurations.fixtures().get("lambda-reidentification-callers"))
                .stream().map(Violation::toString).toList();

        assertThat(violations).containsExactlyInAnyOrder(
                "lambda-reidentification-callers data.aws_iam_policy_document.bad_invoker: a role of the deployment may "
                        + "invoke functions: re-identification must answer only the callers its resource policy names",
                "lambda-reidentification-callers aws_lambda_function_url.bad_url: a function URL: callers would not "
                        + "need the named role",
                "lambda-reidentification-callers aws_lambda_event_source_mapping.bad_trigger: an event source: whoever "
                        + "can send to it re-identifies",
                "lambda-reidentification-callers aws_lambda_permission.bad_service_caller: principal "
                        + "apigateway.amazonaws.com is a service, an account or everyone, not a named role",
                "lambda-reidentification-callers aws_iam_role_policy.function: re-identification is allowed s3:PutObject");
    }
}
