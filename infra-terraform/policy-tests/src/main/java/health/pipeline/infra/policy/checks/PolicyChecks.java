package health.pipeline.infra.policy.checks;

import health.pipeline.infra.policy.model.TerraformConfiguration;
import java.util.List;
import java.util.stream.Stream;

/** Every control the deployment must meet. */
public final class PolicyChecks {

    private PolicyChecks() {
    }

    public static List<PolicyCheck> all() {
        return Stream.of(StorageChecks.all(), KeyChecks.all(), MessagingChecks.all(), LoggingChecks.all(),
                FunctionChecks.all(), ReidentificationChecks.all(), ApiGatewayChecks.all(), DatabaseChecks.all(), IamChecks.all(),
                NetworkChecks.all())
                .flatMap(List::stream).toList();
    }

    public static List<Violation> evaluate(TerraformConfiguration configuration) {
        return all().stream().flatMap(check -> check.evaluate(configuration).stream()).toList();
    }
}
