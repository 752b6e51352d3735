package health.pipeline.infra.policy.checks;

import health.pipeline.infra.policy.model.TerraformConfiguration;
import java.util.List;
import java.util.function.Function;

/**
 * One control, as checkov, Trivy or Security Hub's foundational best practices state it, evaluated on HCL.
 *
 * @param id          stable identifier; the bad fixture proving the check fails lives in {@code fixtures/<id>/}
 * @param description what the control requires
 * @param references  the equivalent checkov / Trivy / Security Hub controls
 */
public record PolicyCheck(String id, String description, String references,
        Function<TerraformConfiguration, List<Violation>> evaluation) {

    public List<Violation> evaluate(TerraformConfiguration configuration) {
        return evaluation.apply(configuration);
    }

    @Override
    public String toString() {
        return id;
    }
}
