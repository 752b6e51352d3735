package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.Optional;

/** Controls on the Aurora cluster. */
final class DatabaseChecks {

    static final int MINIMUM_BACKUP_DAYS = 7;

    private DatabaseChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("aurora-encryption-audit-key",
                        "Every cluster's storage is encrypted, with the audit customer-managed key",
                        "checkov CKV_AWS_96, CKV_AWS_327; Trivy AVD-AWS-0079; Security Hub RDS.27",
                        DatabaseChecks::encryption),
                new PolicyCheck("aurora-iam-authentication", "Every cluster enables IAM database authentication",
                        "checkov CKV_AWS_162; Security Hub RDS.12", DatabaseChecks::iamAuthentication),
                new PolicyCheck("aurora-deletion-protection", "Every cluster has deletion protection on",
                        "checkov CKV_AWS_139; Security Hub RDS.7", DatabaseChecks::deletionProtection),
                new PolicyCheck("aurora-backups",
                        "Every cluster keeps automated backups at least 7 days and takes a final snapshot",
                        "checkov CKV_AWS_133; Security Hub RDS.11, RDS.14 (family)", DatabaseChecks::backups),
                new PolicyCheck("aurora-tls-required",
                        "Every cluster uses a parameter group with rds.force_ssl = 1",
                        "Security Hub RDS (TLS in transit); Trivy AVD-AWS-0176 (family)", DatabaseChecks::tlsRequired),
                new PolicyCheck("aurora-scale-to-zero",
                        "Every cluster scales to 0 ACU and auto-pauses when idle (idle cost near zero)",
                        "issue 7: scale to zero", DatabaseChecks::scaleToZero),
                new PolicyCheck("rds-not-public", "No database instance is publicly accessible",
                        "checkov CKV_AWS_17; Trivy AVD-AWS-0180; Security Hub RDS.2", DatabaseChecks::notPublic));
    }

    private static List<Block> clusters(TerraformConfiguration configuration) {
        return configuration.resources("aws_rds_cluster");
    }

    private static List<Violation> encryption(TerraformConfiguration configuration) {
        Findings findings = new Findings("aurora-encryption-audit-key");
        for (Block cluster : clusters(configuration)) {
            findings.require(Values.allTrue(Values.resolve(cluster.module(), cluster.attribute("storage_encrypted"))),
                    cluster, "storage_encrypted is not true");
            List<JsonNode> keys = Values.resolve(cluster.module(), cluster.attribute("kms_key_id"));
            findings.require(!cluster.text("kms_key_id").isBlank()
                    && keys.stream().allMatch(key -> Values.text(key).contains("audit")), cluster,
                    "kms_key_id is not the audit key: " + Values.describe(keys));
        }
        return findings.list();
    }

    private static List<Violation> iamAuthentication(TerraformConfiguration configuration) {
        Findings findings = new Findings("aurora-iam-authentication");
        for (Block cluster : clusters(configuration)) {
            findings.require(Values.allTrue(Values.resolve(cluster.module(),
                    cluster.attribute("iam_database_authentication_enabled"))), cluster,
                    "iam_database_authentication_enabled is not true");
        }
        return findings.list();
    }

    private static List<Violation> deletionProtection(TerraformConfiguration configuration) {
        Findings findings = new Findings("aurora-deletion-protection");
        for (Block cluster : clusters(configuration)) {
            var values = Values.resolve(cluster.module(), cluster.attribute("deletion_protection"));
            findings.require(Values.allTrue(values), cluster,
                    "deletion_protection is not proven true: " + Values.describe(values));
        }
        return findings.list();
    }

    private static List<Violation> backups(TerraformConfiguration configuration) {
        Findings findings = new Findings("aurora-backups");
        for (Block cluster : clusters(configuration)) {
            var days = Values.resolve(cluster.module(), cluster.attribute("backup_retention_period"));
            findings.require(Values.allNumbers(days, d -> d >= MINIMUM_BACKUP_DAYS), cluster,
                    "backup_retention_period is not proven to be at least " + MINIMUM_BACKUP_DAYS + ": "
                            + Values.describe(days));
            findings.require(!Values.isTrue(cluster.attribute("skip_final_snapshot")), cluster,
                    "skip_final_snapshot is true");
        }
        return findings.list();
    }

    private static List<Violation> tlsRequired(TerraformConfiguration configuration) {
        Findings findings = new Findings("aurora-tls-required");
        for (Block cluster : clusters(configuration)) {
            String groupName = cluster.text("db_cluster_parameter_group_name");
            Optional<Block> group = cluster.module().resources("aws_rds_cluster_parameter_group").stream()
                    .filter(g -> References.mentions(groupName, g)).findFirst();
            if (group.isEmpty()) {
                findings.add(cluster, "no cluster parameter group of this module: the default does not force TLS");
                continue;
            }
            findings.require(group.get().nested("parameter").stream().anyMatch(
                    p -> "rds.force_ssl".equals(Values.text(p.path("name"))) && "1".equals(Values.text(p.path("value")))),
                    cluster, "parameter group " + group.get().name() + " does not set rds.force_ssl = 1");
        }
        return findings.list();
    }

    private static List<Violation> scaleToZero(TerraformConfiguration configuration) {
        Findings findings = new Findings("aurora-scale-to-zero");
        for (Block cluster : clusters(configuration)) {
            List<JsonNode> scaling = cluster.nested("serverlessv2_scaling_configuration");
            if (scaling.isEmpty()) {
                findings.add(cluster, "not Aurora Serverless v2 (no serverlessv2_scaling_configuration)");
                continue;
            }
            for (JsonNode config : scaling) {
                var minimum = Values.resolve(cluster.module(), config.path("min_capacity"));
                findings.require(Values.allNumbers(minimum, acu -> acu == 0), cluster,
                        "min_capacity is not 0: " + Values.describe(minimum));
                findings.require(!config.path("seconds_until_auto_pause").isMissingNode(), cluster,
                        "no seconds_until_auto_pause");
            }
        }
        return findings.list();
    }

    private static List<Violation> notPublic(TerraformConfiguration configuration) {
        Findings findings = new Findings("rds-not-public");
        configuration.blocks("aws_rds_cluster_instance", "aws_db_instance").forEach(instance -> findings.require(
                instance.attribute("publicly_accessible").isBoolean()
                        && !instance.attribute("publicly_accessible").booleanValue(), instance,
                "publicly_accessible is not explicitly false"));
        return findings.list();
    }
}
