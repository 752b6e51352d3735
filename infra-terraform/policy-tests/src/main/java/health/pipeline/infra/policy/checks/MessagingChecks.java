package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformConfiguration;
import health.pipeline.infra.policy.model.Values;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Controls on SQS queues and SNS topics. */
final class MessagingChecks {

    /** What the pipeline and its local run use: a poison message is retried twice, then dead-lettered. */
    static final int MAX_RECEIVE_COUNT = 3;
    static final int FOURTEEN_DAYS_IN_SECONDS = 1_209_600;

    private static final Pattern MAX_RECEIVE = Pattern.compile("maxReceiveCount\"?\\s*[=:]\\s*\"?([A-Za-z0-9_.]+)");

    private MessagingChecks() {
    }

    static List<PolicyCheck> all() {
        return List.of(
                new PolicyCheck("sqs-cmk-encryption", "Every queue is encrypted with a customer-managed KMS key",
                        "checkov CKV_AWS_27; Trivy AVD-AWS-0096, AVD-AWS-0135; Security Hub SQS.1",
                        MessagingChecks::queueEncryption),
                new PolicyCheck("sqs-dead-letter-queues",
                        "Every queue that is not a dead-letter queue redrives to one after " + MAX_RECEIVE_COUNT
                                + " receives; dead-letter queues keep messages 14 days",
                        "AWS Well-Architected reliability pillar; DESIGN.md: nothing is dropped silently", MessagingChecks::deadLetterQueues),
                new PolicyCheck("sqs-dead-letter-alarms",
                        "Every dead-letter queue has an alarm when it holds any message",
                        "DESIGN.md: alarms on every dead-letter queue", MessagingChecks::deadLetterAlarms),
                new PolicyCheck("sqs-age-alarms", "Every other queue has an alarm on the age of its oldest message",
                        "AWS Well-Architected serverless lens", MessagingChecks::ageAlarms),
                new PolicyCheck("sns-cmk-encryption", "Every topic is encrypted with a customer-managed KMS key",
                        "checkov CKV_AWS_26; Trivy AVD-AWS-0095, AVD-AWS-0136; Security Hub SNS.1",
                        MessagingChecks::topicEncryption));
    }

    static boolean isDeadLetterQueue(Block queue) {
        return queue.name().contains("dlq") || queue.text("name").contains("-dlq");
    }

    private static List<Violation> queueEncryption(TerraformConfiguration configuration) {
        Findings findings = new Findings("sqs-cmk-encryption");
        for (Block queue : configuration.resources("aws_sqs_queue")) {
            findings.require(!queue.text("kms_master_key_id").isBlank(), queue,
                    "no kms_master_key_id (SQS-managed SSE or none)");
            findings.require(!Values.isTrue(queue.attribute("sqs_managed_sse_enabled")), queue,
                    "sqs_managed_sse_enabled is true");
        }
        return findings.list();
    }

    private static List<Violation> deadLetterQueues(TerraformConfiguration configuration) {
        Findings findings = new Findings("sqs-dead-letter-queues");
        List<Block> queues = configuration.resources("aws_sqs_queue");
        for (Block queue : queues) {
            if (isDeadLetterQueue(queue)) {
                findings.require(Values.allNumbers(Values.resolve(queue.module(),
                        queue.attribute("message_retention_seconds")), s -> s == FOURTEEN_DAYS_IN_SECONDS), queue,
                        "dead-letter queue does not keep messages 14 days (message_retention_seconds "
                                + FOURTEEN_DAYS_IN_SECONDS + ")");
                continue;
            }
            String redrive = queue.text("redrive_policy");
            boolean targetsDeadLetterQueue = redrive.contains("deadLetterTargetArn") && queues.stream()
                    .filter(MessagingChecks::isDeadLetterQueue).anyMatch(dlq -> References.mentions(redrive, dlq));
            findings.require(targetsDeadLetterQueue, queue, "no redrive_policy to a dead-letter queue of this module");
            Matcher count = MAX_RECEIVE.matcher(redrive);
            List<JsonNode> counts = count.find()
                    ? Values.resolve(queue.module(), asExpression(count.group(1)))
                    : List.of();
            findings.require(Values.allNumbers(counts, c -> c == MAX_RECEIVE_COUNT), queue,
                    "maxReceiveCount is not " + MAX_RECEIVE_COUNT + ": " + Values.describe(counts));
        }
        return findings.list();
    }

    /** A value taken from inside a jsonencode(...) expression, as hcl2json would render it on its own. */
    private static JsonNode asExpression(String token) {
        return token.matches("\\d+") ? TextNode.valueOf(token) : TextNode.valueOf("${" + token + "}");
    }

    private static List<Violation> queueAlarms(TerraformConfiguration configuration, String check, boolean deadLetter,
            String metric) {
        Findings findings = new Findings(check);
        List<Block> alarms = configuration.resources("aws_cloudwatch_metric_alarm").stream()
                .filter(alarm -> alarm.text("metric_name").equals(metric)).toList();
        for (Block queue : configuration.resources("aws_sqs_queue")) {
            if (isDeadLetterQueue(queue) != deadLetter) {
                continue;
            }
            List<Block> watching = alarms.stream().filter(alarm -> alarm.module() == queue.module()
                    && (References.mentions(References.withLocals(alarm.module(), alarm.text("for_each")), queue)
                            || References.mentions(alarm.text("dimensions"), queue))).toList();
            findings.require(!watching.isEmpty(), queue, "no " + metric + " alarm on this queue");
            if (deadLetter) {
                for (Block alarm : watching) {
                    findings.require(Values.allNumbers(Values.resolve(alarm.module(), alarm.attribute("threshold")),
                            t -> t == 0) && alarm.text("comparison_operator").equals("GreaterThanThreshold"), queue,
                            "dead-letter alarm does not fire on the first message (threshold 0, GreaterThanThreshold)");
                }
            }
        }
        return findings.list();
    }

    private static List<Violation> deadLetterAlarms(TerraformConfiguration configuration) {
        return queueAlarms(configuration, "sqs-dead-letter-alarms", true, "ApproximateNumberOfMessagesVisible");
    }

    private static List<Violation> ageAlarms(TerraformConfiguration configuration) {
        return queueAlarms(configuration, "sqs-age-alarms", false, "ApproximateAgeOfOldestMessage");
    }

    private static List<Violation> topicEncryption(TerraformConfiguration configuration) {
        Findings findings = new Findings("sns-cmk-encryption");
        for (Block topic : configuration.resources("aws_sns_topic")) {
            findings.require(!topic.text("kms_master_key_id").isBlank(), topic, "no kms_master_key_id");
        }
        return findings.list();
    }
}
