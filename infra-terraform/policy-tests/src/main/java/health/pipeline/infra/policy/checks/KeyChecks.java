package health.pipeline.infra.policy.checks;

import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;

/** Controls on KMS keys. */
final class KeyChecks {

    private KeyChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("kms-key-rotation", "Every symmetric customer-managed key has automatic rotation on",
                        "checkov CKV_AWS_7; Trivy AVD-AWS-0065; Security Hub KMS.4", KeyChecks::rotation),
                new PolicyCheck("kms-key-policy",
                        "Every key has an explicit key policy from an aws_iam_policy_document (naming who may use it)",
                        "checkov CKV2_AWS_64; Security Hub KMS.1/KMS.2 (family)", KeyChecks::keyPolicy),
                new PolicyCheck("kms-audit-signing-key",
                        "An asymmetric ECC_NIST_P256 SIGN_VERIFY key exists for audit checkpoints",
                        "DESIGN.md audit tamper-evidence", KeyChecks::auditSigningKey));
    }

    private static boolean isSymmetric(Block key) {
        String spec = key.text("customer_master_key_spec");
        String usage = key.text("key_usage");
        return (spec.isEmpty() || spec.equals("SYMMETRIC_DEFAULT")) && (usage.isEmpty() || usage.equals("ENCRYPT_DECRYPT"));
    }

    private static List<Violation> rotation(TerraformConfiguration configuration) {
        Findings findings = new Findings("kms-key-rotation");
        for (Block key : configuration.resources("aws_kms_key")) {
            if (isSymmetric(key)) {
                findings.require(Values.allTrue(Values.resolve(key.module(), key.attribute("enable_key_rotation"))),
                        key, "enable_key_rotation is not true");
            }
        }
        return findings.list();
    }

    private static List<Violation> keyPolicy(TerraformConfiguration configuration) {
        Findings findings = new Findings("kms-key-policy");
        for (Block key : configuration.resources("aws_kms_key")) {
            var document = References.policyDocument(key, "policy");
            if (document.isEmpty()) {
                findings.add(key, "no key policy from an aws_iam_policy_document: the default policy delegates to IAM");
                continue;
            }
            findings.require(PolicyStatements.of(document.get()).stream()
                    .anyMatch(statement -> !statement.path("principals").isMissingNode()), key,
                    "key policy names no principal");
        }
        return findings.list();
    }

    private static List<Violation> auditSigningKey(TerraformConfiguration configuration) {
        Findings findings = new Findings("kms-audit-signing-key");
        boolean present = configuration.resources("aws_kms_key").stream()
                .anyMatch(key -> key.text("customer_master_key_spec").equals("ECC_NIST_P256")
                        && key.text("key_usage").equals("SIGN_VERIFY"));
        if (!present) {
            findings.addForConfiguration("no ECC_NIST_P256 SIGN_VERIFY key for audit checkpoints");
        }
        return findings.list();
    }
}
