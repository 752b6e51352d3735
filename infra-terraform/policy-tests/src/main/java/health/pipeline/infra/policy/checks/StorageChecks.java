package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Controls on S3 buckets. Each bucket's settings are separate resources that must apply to that bucket. */
final class StorageChecks {

    static final int SIX_YEARS_IN_DAYS = 2190;

    private StorageChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("s3-cmk-encryption",
                        "Every bucket encrypts with SSE-KMS under a customer-managed key, with S3 bucket keys (access-log"
                                + " targets excepted: S3 server access logging requires SSE-S3 there)",
                        "checkov CKV_AWS_145; Trivy AVD-AWS-0132; Security Hub S3.17", StorageChecks::cmkEncryption),
                new PolicyCheck("s3-tls-only",
                        "Every bucket policy denies all S3 actions when aws:SecureTransport is false",
                        "Security Hub S3.5; Trivy AVD-AWS-0093 (family)", StorageChecks::tlsOnly),
                new PolicyCheck("s3-deny-unencrypted-puts",
                        "Every bucket policy denies puts asking for any other server-side encryption than the bucket's",
                        "AWS S3 security best practices; checkov CKV2_AWS_6 (family)", StorageChecks::denyUnencryptedPuts),
                new PolicyCheck("s3-public-access-block",
                        "Every bucket has a public access block with all four settings on",
                        "checkov CKV2_AWS_6; Trivy AVD-AWS-0086..0094; Security Hub S3.8", StorageChecks::publicAccessBlock),
                new PolicyCheck("s3-versioning", "Every bucket has versioning enabled",
                        "checkov CKV_AWS_21; Trivy AVD-AWS-0090", StorageChecks::versioning),
                new PolicyCheck("s3-access-logging",
                        "Every bucket (except the access-log target itself) logs server access",
                        "checkov CKV_AWS_18; Trivy AVD-AWS-0089; Security Hub S3.9", StorageChecks::accessLogging),
                new PolicyCheck("s3-lifecycle",
                        "Every bucket has an enabled lifecycle rule that aborts incomplete multipart uploads",
                        "checkov CKV2_AWS_61, CKV_AWS_300; Security Hub S3.13", StorageChecks::lifecycle),
                new PolicyCheck("s3-audit-object-lock",
                        "The audit-archive bucket has Object Lock in COMPLIANCE mode for at least six years",
                        "HIPAA 164.316(b)(2) six-year retention; Security Hub S3.15", StorageChecks::auditObjectLock));
    }

    private static List<Block> buckets(TerraformConfiguration configuration) {
        return configuration.resources("aws_s3_bucket");
    }

    private static boolean isAccessLogTarget(TerraformConfiguration configuration, Block bucket) {
        return configuration.resources("aws_s3_bucket_logging").stream()
                .anyMatch(logging -> References.appliesTo(logging, bucket, "target_bucket"));
    }

    /** Runs {@code test} on the one setting resource of each bucket; a bucket without it is a violation. */
    private static List<Violation> forEachBucketSetting(TerraformConfiguration configuration,
            String settingType, boolean skipAccessLogTargets, BiConsumer<Block, Block> test, Findings findings) {
        List<Block> settings = configuration.resources(settingType);
        for (Block bucket : buckets(configuration)) {
            if (skipAccessLogTargets && isAccessLogTarget(configuration, bucket)) {
                continue;
            }
            List<Block> applying = References.applyingTo(settings, bucket, "bucket");
            if (applying.isEmpty()) {
                findings.add(bucket, "no " + settingType + " for this bucket");
            }
            applying.forEach(setting -> test.accept(bucket, setting));
        }
        return findings.list();
    }

    private static List<Violation> cmkEncryption(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-cmk-encryption");
        return forEachBucketSetting(configuration, "aws_s3_bucket_server_side_encryption_configuration", false, (bucket, sse) -> {
                    boolean logTarget = isAccessLogTarget(configuration, bucket);
                    for (JsonNode rule : sse.nested("rule")) {
                        for (JsonNode defaults : Block.nested(rule, "apply_server_side_encryption_by_default")) {
                            String algorithm = Values.text(defaults.path("sse_algorithm"));
                            if (logTarget && algorithm.equals("AES256")) {
                                continue;
                            }
                            findings.require(algorithm.startsWith("aws:kms"), bucket,
                                    "sse_algorithm is " + algorithm + ", not aws:kms");
                            findings.require(!Values.text(defaults.path("kms_master_key_id")).isBlank(), bucket,
                                    "no kms_master_key_id: AWS-managed key instead of a customer-managed key");
                            findings.require(Values.isTrue(rule.path("bucket_key_enabled")), bucket,
                                    "bucket_key_enabled is not true");
                        }
                    }
                    findings.require(!sse.nested("rule").isEmpty(), bucket, "encryption configuration without rule");
                }, findings);
    }

    private static List<JsonNode> bucketPolicyStatements(TerraformConfiguration configuration, Block bucket,
            Findings findings) {
        List<Block> policies = References.applyingTo(configuration.resources("aws_s3_bucket_policy"), bucket, "bucket");
        if (policies.isEmpty()) {
            findings.add(bucket, "no aws_s3_bucket_policy for this bucket");
            return List.of();
        }
        Optional<Block> document = References.policyDocument(policies.getFirst(), "policy");
        if (document.isEmpty()) {
            findings.add(bucket, "bucket policy is not an aws_iam_policy_document of this module");
            return List.of();
        }
        return PolicyStatements.of(document.get());
    }

    private static List<Violation> tlsOnly(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-tls-only");
        for (Block bucket : buckets(configuration)) {
            List<JsonNode> statements = bucketPolicyStatements(configuration, bucket, findings);
            boolean denied = statements.stream().anyMatch(s -> PolicyStatements.isDeny(s)
                    && PolicyStatements.actions(s).contains("s3:*")
                    && PolicyStatements.hasCondition(s, List.of("Bool"), "aws:SecureTransport", "false"));
            if (!statements.isEmpty() && !denied) {
                findings.add(bucket, "bucket policy does not deny s3:* when aws:SecureTransport is false");
            }
        }
        return findings.list();
    }

    private static List<Violation> denyUnencryptedPuts(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-deny-unencrypted-puts");
        for (Block bucket : buckets(configuration)) {
            boolean logTarget = isAccessLogTarget(configuration, bucket);
            List<JsonNode> statements = bucketPolicyStatements(configuration, bucket, findings);
            boolean denied = statements.stream().anyMatch(s -> PolicyStatements.isDeny(s)
                    && (PolicyStatements.actions(s).contains("s3:PutObject") || PolicyStatements.actions(s).contains("s3:*"))
                    && (PolicyStatements.hasCondition(s, List.of("StringNotEquals", "StringNotEqualsIfExists"),
                            "s3:x-amz-server-side-encryption", logTarget ? "AES256" : "aws:kms")
                            || PolicyStatements.hasCondition(s, List.of("Null"), "s3:x-amz-server-side-encryption", "true")));
            if (!statements.isEmpty() && !denied) {
                findings.add(bucket, "bucket policy does not deny puts under another server-side encryption");
            }
        }
        return findings.list();
    }

    private static List<Violation> publicAccessBlock(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-public-access-block");
        return forEachBucketSetting(configuration, "aws_s3_bucket_public_access_block", false,
                (bucket, block) -> {
                    for (String setting : List.of("block_public_acls", "block_public_policy", "ignore_public_acls",
                            "restrict_public_buckets")) {
                        findings.require(Values.isTrue(block.attribute(setting)), bucket, setting + " is not true");
                    }
                }, findings);
    }

    private static List<Violation> versioning(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-versioning");
        return forEachBucketSetting(configuration, "aws_s3_bucket_versioning", false,
                (bucket, versioning) -> findings.require(versioning.nested("versioning_configuration").stream()
                        .anyMatch(c -> "Enabled".equals(Values.text(c.path("status")))), bucket,
                        "versioning status is not Enabled"), findings);
    }

    private static List<Violation> accessLogging(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-access-logging");
        return forEachBucketSetting(configuration, "aws_s3_bucket_logging", true,
                (bucket, logging) -> findings.require(!logging.text("target_bucket").isBlank(), bucket,
                        "logging without target_bucket"), findings);
    }

    private static List<Violation> lifecycle(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-lifecycle");
        return forEachBucketSetting(configuration, "aws_s3_bucket_lifecycle_configuration", false,
                (bucket, lifecycle) -> {
                    List<JsonNode> enabled = lifecycle.nested("rule").stream()
                            .filter(rule -> "Enabled".equals(Values.text(rule.path("status")))).toList();
                    findings.require(!enabled.isEmpty(), bucket, "no enabled lifecycle rule");
                    findings.require(enabled.stream().anyMatch(
                            rule -> !Block.nested(rule, "abort_incomplete_multipart_upload").isEmpty()), bucket,
                            "no lifecycle rule aborts incomplete multipart uploads");
                }, findings);
    }

    private static boolean isAuditArchive(Block bucket) {
        return bucket.name().contains("audit_archive") || bucket.text("bucket").contains("audit-archive");
    }

    private static List<Violation> auditObjectLock(TerraformConfiguration configuration) {
        Findings findings = new Findings("s3-audit-object-lock");
        List<Block> archives = buckets(configuration).stream().filter(StorageChecks::isAuditArchive).toList();
        if (archives.isEmpty()) {
            findings.addForConfiguration("no audit-archive bucket");
        }
        for (Block archive : archives) {
            findings.require(Values.allTrue(Values.resolve(archive.module(), archive.attribute("object_lock_enabled"))),
                    archive, "object_lock_enabled is not true");
            List<Block> locks = References.applyingTo(
                    configuration.resources("aws_s3_bucket_object_lock_configuration"), archive, "bucket");
            if (locks.isEmpty()) {
                findings.add(archive, "no aws_s3_bucket_object_lock_configuration");
            }
            for (Block lock : locks) {
                List<JsonNode> retentions = lock.nested("rule").stream()
                        .flatMap(rule -> Block.nested(rule, "default_retention").stream()).toList();
                findings.require(!retentions.isEmpty(), archive, "object lock without default retention");
                for (JsonNode retention : retentions) {
                    findings.require("COMPLIANCE".equals(Values.text(retention.path("mode"))), archive,
                            "object lock mode is " + Values.text(retention.path("mode")) + ", not COMPLIANCE");
                    boolean sixYears = retention.has("years")
                            ? Values.allNumbers(Values.resolve(lock.module(), retention.path("years")), y -> y >= 6)
                            : Values.allNumbers(Values.resolve(lock.module(), retention.path("days")),
                                    d -> d >= SIX_YEARS_IN_DAYS);
                    findings.require(sixYears, archive, "object lock retention is not proven to be at least six years: "
                            + Values.describe(Values.resolve(lock.module(),
                                    retention.has("years") ? retention.path("years") : retention.path("days"))));
                }
            }
        }
        return findings.list();
    }
}
