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
                new PolicyCheck("kms-key-users",
                        "Every key policy names exactly the principals that use the key, as derived from the roles' "
                                + "policies and the queues, topics and subscriber queues under the key; principals that "
                                + "use it only through SQS, SNS or Scheduler are named under kms:ViaService",
                        "issue 14 item 6; ADR 0085; Security Hub KMS.1/KMS.2 (family)", KeyChecks::keyUsers),
                new PolicyCheck("kms-key-service-users",
                        "Every key policy admits exactly the AWS services that use the key: CloudWatch Logs for log "
                                + "groups under it, and each service a queue or topic policy lets deliver into a "
                                + "queue or topic under it (deployments, not modules' examples)",
                        "issue 14 item 6; ADR 0085", KeyChecks::serviceUsers),
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

    private static final String DIRECT_USERS = "key_user_role_arns";
    private static final String MESSAGING_USERS = "key_messaging_user_arns";

    private static List<Violation> keyUsers(TerraformConfiguration configuration) {
        Findings findings = new Findings("kms-key-users");
        for (Block keysCall : configuration.moduleCalls()) {
            var keysModule = keysCall.module().sourceDirectory(keysCall).flatMap(directory -> configuration.modules()
                    .stream().filter(m -> m.directory().equals(directory)).findFirst());
            if (keysModule.isEmpty() || keysModule.get().resources("aws_kms_key").isEmpty()) {
                continue;
            }
            requireWired(keysModule.get(), keysCall, findings);
            var direct = KeyUsers.declared(keysCall, DIRECT_USERS);
            var messaging = KeyUsers.declared(keysCall, MESSAGING_USERS);
            if (direct == null || messaging == null) {
                findings.add(keysCall, DIRECT_USERS + " and " + MESSAGING_USERS
                        + " must be maps of key class to principals (literal or a local of this module)");
                continue;
            }
            KeyUsers.Usage usage = new KeyUsers(keysCall).derive();
            java.util.Set<String> classes = new java.util.TreeSet<>(usage.classes());
            classes.addAll(direct.keySet());
            classes.addAll(messaging.keySet());
            for (String keyClass : classes) {
                compare(findings, keysCall, keyClass, "direct", usage.direct(keyClass),
                        direct.getOrDefault(keyClass, java.util.Set.of()));
                compare(findings, keysCall, keyClass, "messaging (kms:ViaService)", usage.messagingOnly(keyClass),
                        messaging.getOrDefault(keyClass, java.util.Set.of()));
            }
        }
        return findings.list();
    }

    private static void compare(Findings findings, Block keysCall, String keyClass, String kind,
            java.util.Set<String> used, java.util.Set<String> named) {
        used.stream().filter(principal -> !named.contains(principal)).forEach(principal -> findings.add(keysCall,
                keyClass + " key: " + principal + " uses it (" + kind + ") but its key policy does not name it"));
        named.stream().filter(principal -> !used.contains(principal)).forEach(principal -> findings.add(keysCall,
                keyClass + " key: its key policy names " + principal + " as a " + kind
                        + " user, but nothing in the deployment has it use the key that way"));
    }

    private static List<Violation> serviceUsers(TerraformConfiguration configuration) {
        Findings findings = new Findings("kms-key-service-users");
        for (Block keysCall : configuration.moduleCalls()) {
            var keysModule = keysCall.module().sourceDirectory(keysCall).flatMap(directory -> configuration.modules()
                    .stream().filter(m -> m.directory().equals(directory)).findFirst());
            // An example calls a few modules to show their use: its keys admit services for modules it leaves out.
            if (keysModule.isEmpty() || keysModule.get().resources("aws_kms_key").isEmpty()
                    || ("/" + keysCall.module().path() + "/").contains("/examples/")) {
                continue;
            }
            KeyUsers users = new KeyUsers(keysCall);
            var required = users.requiredServices();
            var admitted = users.admittedServices();
            java.util.Set<String> classes = new java.util.TreeSet<>(required.keySet());
            classes.addAll(admitted.keySet());
            for (String keyClass : classes) {
                var needed = required.getOrDefault(keyClass, java.util.Set.of());
                var granted = admitted.getOrDefault(keyClass, java.util.Set.of());
                needed.stream().filter(service -> !granted.contains(service)).forEach(service -> findings.add(keysCall,
                        keyClass + " key: " + service + " uses it on the pipeline's behalf but its key policy does not admit it"));
                granted.stream().filter(service -> !needed.contains(service)).forEach(service -> findings.add(keysCall,
                        keyClass + " key: its key policy admits " + service + ", which nothing under the key needs"));
            }
        }
        return findings.list();
    }

    /** The keys module puts both lists into its key policies, the messaging users only under kms:ViaService. */
    private static void requireWired(health.pipeline.infra.policy.model.TerraformModule keysModule, Block keysCall,
            Findings findings) {
        boolean direct = false;
        boolean messaging = false;
        for (Block document : keysModule.dataSources("aws_iam_policy_document")) {
            for (var statement : PolicyStatements.of(document)) {
                for (var principals : Block.nested(statement, "principals")) {
                    String identifiers = KeyUsers.joined(principals.path("identifiers"));
                    direct |= identifiers.contains("var." + DIRECT_USERS + "[");
                    messaging |= identifiers.contains("var." + MESSAGING_USERS + "[") && PolicyStatements
                            .hasConditionOn(statement, List.of("StringEquals"), "kms:ViaService");
                }
            }
        }
        findings.require(direct, keysCall, "the key policies do not name var." + DIRECT_USERS);
        findings.require(messaging, keysCall, "the key policies do not name var." + MESSAGING_USERS
                + " under a kms:ViaService condition");
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
