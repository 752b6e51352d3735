package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import java.util.List;
import java.util.regex.Pattern;

/** Least privilege: no wildcard actions anywhere a permission is granted. */
final class IamChecks {

    /** {@code *} or {@code service:*}; prefixes such as {@code kms:Describe*} name a bounded family and pass. */
    private static final Pattern WILDCARD_ACTION = Pattern.compile("^(\\*|[A-Za-z0-9-]+:\\*)$");
    /** A wildcard Action inside a jsonencode(...) policy. */
    private static final Pattern WILDCARD_IN_ENCODED = Pattern.compile(
            "(?s)Action\"?\\s*[=:]\\s*\\[?[^\\]}]*?\"(\\*|[A-Za-z0-9-]+:\\*)\"");
    private static final List<String> POLICY_RESOURCES = List.of("aws_iam_policy", "aws_iam_role_policy",
            "aws_iam_user_policy", "aws_iam_group_policy", "aws_kms_key", "aws_s3_bucket_policy", "aws_sqs_queue_policy",
            "aws_sns_topic_policy");
    private static final Pattern BROAD_MANAGED_POLICY = Pattern.compile("AdministratorAccess|PowerUserAccess|FullAccess");

    private IamChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(new PolicyCheck("iam-no-wildcard-actions",
                "No statement allows \"*\" or \"service:*\" actions, and no broad AWS-managed policy is attached",
                "checkov CKV_AWS_62, CKV_AWS_63, CKV_AWS_290, CKV_AWS_355; Trivy AVD-AWS-0057; Security Hub IAM.1, IAM.21",
                IamChecks::noWildcardActions));
    }

    private static List<Violation> noWildcardActions(TerraformConfiguration configuration) {
        Findings findings = new Findings("iam-no-wildcard-actions");
        for (Block document : configuration.dataSources("aws_iam_policy_document")) {
            for (JsonNode statement : PolicyStatements.of(document)) {
                if (PolicyStatements.isDeny(statement)) {
                    continue; // a wildcard in a Deny narrows, it does not grant
                }
                PolicyStatements.actions(statement).stream().filter(a -> WILDCARD_ACTION.matcher(a).matches())
                        .forEach(action -> findings.add(document, "allows action " + action));
                if (!statement.path("not_actions").isMissingNode()) {
                    findings.add(document, "allows not_actions (everything but a list)");
                }
            }
        }
        for (String type : POLICY_RESOURCES) {
            for (Block resource : configuration.resources(type)) {
                for (String attribute : List.of("policy", "inline_policy")) {
                    var matcher = WILDCARD_IN_ENCODED.matcher(resource.text(attribute));
                    if (matcher.find()) {
                        findings.add(resource, attribute + " allows action " + matcher.group(1));
                    }
                }
            }
        }
        configuration.blocks("aws_iam_role_policy_attachment", "aws_iam_policy_attachment",
                "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment").forEach(attachment -> {
                    if (BROAD_MANAGED_POLICY.matcher(attachment.text("policy_arn")).find()) {
                        findings.add(attachment, "attaches " + attachment.text("policy_arn"));
                    }
                });
        return findings.list();
    }
}
