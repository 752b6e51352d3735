package health.pipeline.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;

import health.pipeline.infra.policy.checks.KeyUsers;
import health.pipeline.infra.policy.checks.PolicyCheck;
import health.pipeline.infra.policy.checks.PolicyChecks;
import health.pipeline.infra.policy.checks.Violation;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key users are derived from what the roles, queues and topics do (issue 14 item 6): the deployment's derivation finds
 * the principals the key policies used to lock out, and the check names each lock-out and each extra grant.
 */
class KeyUsersTest {

    private static final String FUNCTIONS = "module.functions.role_arns";

    private static KeyUsers.Usage deploymentUsage() {
        Block keysCall = Configurations.deployment().moduleCalls().stream()
                .filter(call -> call.module().path().equals("modules/pipeline") && call.name().equals("keys"))
                .findFirst().orElseThrow();
        return new KeyUsers(keysCall).derive();
    }

    @Test
    void shouldDeriveTheUsersTheKeyPoliciesLockedOut_whenReadingTheDeployment() {
        KeyUsers.Usage usage = deploymentUsage();

        // The retention schedule sends to the audit maintenance queue; approvals arrive on the deid-encrypted FIFO queue;
        // subscriber queues are encrypted with their topic's key.
        assertThat(usage.messagingOnly("audit")).contains("module.messaging.audit_retention_schedule_role_arn",
                FUNCTIONS + "[\"ingestion\"]", FUNCTIONS + "[\"reidentification\"]");
        assertThat(usage.messagingOnly("deid")).containsExactlyInAnyOrder(FUNCTIONS + "[\"ingestion\"]",
                "var.model_governance_sender_arns",
                "module.messaging.subscription_consumer_role_arns[\"clinician-notifications\"]");
        assertThat(usage.messagingOnly("raw"))
                .containsExactly("module.messaging.subscription_consumer_role_arns[\"ingest-rejections\"]");
        // ingestion names landing keys by HMACs under the pseudonymisation secret (ADR 0070)
        assertThat(usage.direct("pseudonym")).containsExactlyInAnyOrder(FUNCTIONS + "[\"ingestion\"]",
                FUNCTIONS + "[\"deidentification\"]", FUNCTIONS + "[\"reidentification\"]");
        assertThat(usage.direct("audit")).containsExactlyInAnyOrder(FUNCTIONS + "[\"audit-writer\"]",
                "module.audit_api.role_arn");
        assertThat(usage.direct("audit-signing")).containsExactly(FUNCTIONS + "[\"audit-writer\"]");
    }

    @Test
    void shouldNameEachLockOutAndEachExtraGrant_whenTheDeclaredUsersDifferFromTheDerivedOnes() {
        TerraformConfiguration fixture = Configurations.fixtures().get("kms-key-users");

        List<String> reasons = check().evaluate(fixture).stream().map(Violation::reason).toList();

        assertThat(reasons).containsExactlyInAnyOrder(
                "audit key: module.messaging.schedule_role_arn uses it (messaging (kms:ViaService)) but its key policy does not name it",
                "deid key: var.governance_sender_arns uses it (messaging (kms:ViaService)) but its key policy does not name it",
                "deid key: module.messaging.subscription_consumer_role_arns[\"notifications\"] uses it (messaging (kms:ViaService)) but its key policy does not name it",
                "deid key: module.functions.role_arns[\"ingestion\"] uses it (messaging (kms:ViaService)) but its key policy does not name it",
                "deid key: its key policy names module.functions.role_arns[\"ingestion\"] as a direct user, but nothing in the deployment has it use the key that way",
                "raw key: its key policy names module.functions.role_arns[\"scoring\"] as a direct user, but nothing in the deployment has it use the key that way");
    }

    @Test
    void shouldDeriveTheServicesEachKeyMustAdmit_whenReadingTheDeployment() {
        Block keysCall = Configurations.deployment().moduleCalls().stream()
                .filter(call -> call.module().path().equals("modules/pipeline") && call.name().equals("keys"))
                .findFirst().orElseThrow();

        var required = new KeyUsers(keysCall).requiredServices();

        // S3 notifies the ingest queue and SNS delivers into raw- and deid-encrypted queues; CloudWatch Logs writes the
        // log groups and CloudWatch alarms publish to the alarm topic under the logs key.
        assertThat(required).containsEntry("raw", java.util.Set.of("s3", "sns"))
                .containsEntry("deid", java.util.Set.of("sns")).containsEntry("logs", java.util.Set.of("cloudwatch", "logs"))
                .doesNotContainKeys("audit", "pseudonym");
    }

    @Test
    void shouldNameEachServiceLockedOutAndEachServiceAdmittedForNothing_whenCheckingItsFixture() {
        PolicyCheck check = PolicyChecks.all().stream().filter(c -> c.id().equals("kms-key-service-users")).findFirst()
                .orElseThrow();

        List<String> reasons = check.evaluate(Configurations.fixtures().get("kms-key-service-users")).stream()
                .map(Violation::reason).toList();

        assertThat(reasons).containsExactlyInAnyOrder(
                "raw key: sns uses it on the pipeline's behalf but its key policy does not admit it",
                "raw key: its key policy admits s3, which nothing under the key needs",
                "logs key: logs uses it on the pipeline's behalf but its key policy does not admit it");
    }

    private static PolicyCheck check() {
        return PolicyChecks.all().stream().filter(c -> c.id().equals("kms-key-users")).findFirst().orElseThrow();
    }
}
