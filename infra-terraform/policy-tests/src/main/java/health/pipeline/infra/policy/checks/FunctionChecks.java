package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;

/** Controls on Lambda functions and their event source mappings. */
final class FunctionChecks {

    private FunctionChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("lambda-private-vpc",
                        "Every function runs in the VPC, in subnets named private, with a security group",
                        "checkov CKV_AWS_117; Security Hub Lambda.3", FunctionChecks::privateVpc),
                new PolicyCheck("lambda-environment-cmk",
                        "Every function environment is encrypted with a customer-managed KMS key",
                        "checkov CKV_AWS_173; Trivy AVD-AWS-0066 (family)", FunctionChecks::environmentEncryption),
                new PolicyCheck("lambda-tracing", "Every function has active X-Ray tracing",
                        "checkov CKV_AWS_50; Trivy AVD-AWS-0066", FunctionChecks::tracing),
                new PolicyCheck("lambda-partial-batch-response",
                        "Every SQS event source mapping reports batch item failures",
                        "AWS Lambda SQS best practice; DESIGN.md principle 4", FunctionChecks::partialBatchResponse));
    }

    private static List<Violation> privateVpc(TerraformConfiguration configuration) {
        Findings findings = new Findings("lambda-private-vpc");
        for (Block function : configuration.resources("aws_lambda_function")) {
            List<JsonNode> vpc = function.nested("vpc_config");
            if (vpc.isEmpty()) {
                findings.add(function, "no vpc_config: the function runs outside the VPC");
                continue;
            }
            for (JsonNode config : vpc) {
                List<JsonNode> subnets = Values.resolve(function.module(), config.path("subnet_ids"));
                findings.require(!subnets.isEmpty() && subnets.stream().allMatch(
                        s -> Values.text(s).contains("private")), function,
                        "subnet_ids are not the private subnets: " + Values.describe(subnets));
                findings.require(!References.strings(config.path("security_group_ids")).isEmpty(), function,
                        "no security_group_ids");
            }
        }
        return findings.list();
    }

    private static List<Violation> environmentEncryption(TerraformConfiguration configuration) {
        Findings findings = new Findings("lambda-environment-cmk");
        for (Block function : configuration.resources("aws_lambda_function")) {
            if (!function.nested("environment").isEmpty()) {
                findings.require(!function.text("kms_key_arn").isBlank(), function,
                        "environment without kms_key_arn (encrypted with an AWS-managed key)");
            }
        }
        return findings.list();
    }

    private static List<Violation> tracing(TerraformConfiguration configuration) {
        Findings findings = new Findings("lambda-tracing");
        for (Block function : configuration.resources("aws_lambda_function")) {
            findings.require(function.nested("tracing_config").stream()
                    .anyMatch(t -> "Active".equals(Values.text(t.path("mode")))), function,
                    "tracing_config mode is not Active");
        }
        return findings.list();
    }

    private static List<Violation> partialBatchResponse(TerraformConfiguration configuration) {
        Findings findings = new Findings("lambda-partial-batch-response");
        for (Block mapping : configuration.resources("aws_lambda_event_source_mapping")) {
            findings.require(References.strings(mapping.attribute("function_response_types"))
                    .contains("ReportBatchItemFailures"), mapping,
                    "function_response_types lacks ReportBatchItemFailures: one bad message fails its whole batch");
        }
        return findings.list();
    }
}
