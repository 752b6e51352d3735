package health.pipeline.infra.policy.checks;

import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;

/** Controls on CloudWatch Logs log groups. */
final class LoggingChecks {

    static final int ONE_YEAR_IN_DAYS = 365;

    private LoggingChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("logs-cmk-encryption", "Every log group is encrypted with a customer-managed KMS key",
                        "checkov CKV_AWS_158; Trivy AVD-AWS-0017", LoggingChecks::encryption),
                new PolicyCheck("logs-retention", "Every log group keeps logs at least one year, and not forever",
                        "checkov CKV_AWS_338, CKV_AWS_66; Security Hub CloudWatch.16 (family)", LoggingChecks::retention));
    }

    private static List<Violation> encryption(TerraformConfiguration configuration) {
        Findings findings = new Findings("logs-cmk-encryption");
        for (Block group : configuration.resources("aws_cloudwatch_log_group")) {
            findings.require(!group.text("kms_key_id").isBlank(), group, "no kms_key_id");
        }
        return findings.list();
    }

    private static List<Violation> retention(TerraformConfiguration configuration) {
        Findings findings = new Findings("logs-retention");
        for (Block group : configuration.resources("aws_cloudwatch_log_group")) {
            var values = Values.resolve(group.module(), group.attribute("retention_in_days"));
            findings.require(Values.allNumbers(values, days -> days >= ONE_YEAR_IN_DAYS), group,
                    "retention_in_days is not proven to be at least " + ONE_YEAR_IN_DAYS + ": " + Values.describe(values));
        }
        return findings.list();
    }
}
