package health.pipeline.infra.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.contracts.AuditMaintenance;
import health.pipeline.contracts.EventCodec;
import health.pipeline.infra.policy.model.TerraformModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment matches the running system: the same environment variables the local cloud gives each function
 * (integration-tests/local-cloud LocalCloud.environmentFor), the queues and topics of the AsyncAPI document, and the
 * local cloud's zones. Renaming one side without the other fails here, not in an AWS account.
 */
class RunningSystemConsistencyTest {

    private static final Path REPOSITORY = Configurations.INFRA_ROOT.getParent();
    private static final Path LOCAL_CLOUD = REPOSITORY.resolve(
            "integration-tests/local-cloud/src/main/java/health/pipeline/localcloud/cloud/LocalCloud.java");
    private static final Path ASYNCAPI = REPOSITORY.resolve("event-contracts/src/main/resources/contracts/asyncapi.yaml");
    /** The audit API is not part of the local pipeline: its packaged zip runs in its own end-to-end test. */
    private static final Path AUDIT_API_END_TO_END = REPOSITORY.resolve(
            "integration-tests/end-to-end/src/test/java/health/pipeline/endtoend/AuditApiEndToEndTest.java");

    /**
     * Names only Lambda needs: the local cloud passes credentials and endpoint overrides instead, and its database URL
     * otherwise; it promotes no model, so it pins no gate-report key and no approvers' identity provider (without them,
     * scoring refuses every model change).
     */
    private static final Set<String> LAMBDA_ONLY = Set.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER", "JAVA_TOOL_OPTIONS", "PIPELINE_SCORING_GATE_REPORT_PUBLIC_KEY",
            "PIPELINE_SCORING_APPROVAL_JWT_ISSUER", "PIPELINE_SCORING_APPROVAL_JWT_AUDIENCE",
            "PIPELINE_SCORING_APPROVAL_JWT_PUBLIC_KEY");
    private static final Pattern LOCAL_ONLY = Pattern.compile("^AWS_.*|.*_ENDPOINT_OVERRIDE$");

    private static TerraformModule module(String path) {
        return Configurations.deployment().modules().stream().filter(m -> m.path().equals(path)).findFirst()
                .orElseThrow();
    }

    private static JsonNode local(String module, String name) {
        return module(module).local(name).orElseThrow(() -> new AssertionError("no local." + name + " in " + module));
    }

    /** Environment variable name to the literal start of its value ("sqs:" / "sns:" for channels), per function. */
    private static Map<String, String> localCloudEnvironment(String function) throws IOException {
        String source = Files.readString(LOCAL_CLOUD);
        String method = source.substring(source.indexOf("environmentFor(String function)"));
        method = method.substring(0, method.indexOf("return env;"));
        int switchStart = method.indexOf("switch (function)");
        String common = method.substring(0, switchStart);
        Matcher branch = Pattern.compile("case \"" + Pattern.quote(function) + "\" -> \\{(.*?)\\n\\s*}", Pattern.DOTALL)
                .matcher(method.substring(switchStart));
        assertThat(branch.find()).as("LocalCloud.environmentFor case for " + function).isTrue();
        Map<String, String> environment = new LinkedHashMap<>();
        Pattern put = Pattern.compile("env\\.put\\(\"([A-Z0-9_]+)\",\\s*(\"(sqs|sns):\")?");
        for (String part : List.of(common, branch.group(1))) {
            Matcher matcher = put.matcher(part);
            while (matcher.find()) {
                if (!LOCAL_ONLY.matcher(matcher.group(1)).matches()) {
                    environment.put(matcher.group(1), matcher.group(3) == null ? "" : matcher.group(3) + ":");
                }
            }
        }
        return environment;
    }

    private static Map<String, String> terraformEnvironment(String function) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<JsonNode> parts = List.of(local("modules/functions", "common_environment"),
                local("modules/functions", "function_environment").path(function));
        for (JsonNode part : parts) {
            part.properties().forEach(variable -> environment.put(variable.getKey(), variable.getValue().asText()));
        }
        return environment;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingestion", "deidentification", "scoring", "audit-writer"})
    void shouldSetTheEnvironmentTheLocalCloudSets_whenDeployingAFunction(String function) throws IOException {
        Map<String, String> local = localCloudEnvironment(function);
        Map<String, String> terraform = terraformEnvironment(function);

        Set<String> terraformShared = new TreeSet<>(terraform.keySet());
        terraformShared.removeAll(LAMBDA_ONLY);
        assertThat(terraformShared).as("variables of " + function).isEqualTo(new TreeSet<>(local.keySet()));
        local.forEach((name, prefix) -> assertThat(terraform.get(name)).as(name).startsWith(prefix));
    }

    @Test
    void shouldSetTheEnvironmentTheEndToEndTestSets_whenDeployingTheAuditApi() throws IOException {
        String source = Files.readString(AUDIT_API_END_TO_END);
        String method = source.substring(source.indexOf("Map<String, String> environment("));
        method = method.substring(0, method.indexOf("return env;"));
        Set<String> tested = new TreeSet<>(matches(method, "env\\.put\\(\"([A-Z0-9_]+)\""));
        tested.removeIf(name -> LOCAL_ONLY.matcher(name).matches());
        tested.remove("QUARKUS_DATASOURCE_PASSWORD"); // on AWS an IAM token per connection instead
        Set<String> deployed = new TreeSet<>();
        local("modules/audit-api", "environment").fieldNames().forEachRemaining(deployed::add);
        deployed.remove("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER");

        assertThat(tested).as("variables the packaged audit API is tested with").isNotEmpty();
        assertThat(deployed).isEqualTo(tested);
    }

    @Test
    void shouldCreateTheQueuesAndTopicsOfTheAsyncApiDocument_whenDeployingMessaging() throws IOException {
        String asyncApi = Files.readString(ASYNCAPI);
        // Terraform names a FIFO queue <name>.fifo and its dead-letter queue <name>-dlq.fifo; compare logical names.
        Set<String> addresses = withoutFifoSuffix(matches(asyncApi, "(?m)^\\s+address: (\\S+)"));
        Set<String> deadLetterQueues = withoutFifoSuffix(matches(asyncApi, "(?m)^\\s+x-dead-letter-queue: (\\S+)"));
        Set<String> fifoInAsyncApi = new TreeSet<>();
        matches(asyncApi, "(?m)^\\s+address: (\\S+)\\.fifo$").forEach(fifoInAsyncApi::add);

        Set<String> queues = new TreeSet<>();
        local("modules/messaging", "queues").fieldNames().forEachRemaining(queues::add);
        Set<String> topics = new TreeSet<>();
        local("modules/messaging", "topics").fieldNames().forEachRemaining(topics::add);
        Set<String> deployed = new TreeSet<>(queues);
        deployed.addAll(topics);
        Set<String> deployedDeadLetterQueues = new TreeSet<>();
        deployed.forEach(name -> deployedDeadLetterQueues.add(name + "-dlq"));

        assertThat(deployed).isEqualTo(addresses);
        assertThat(deployedDeadLetterQueues).isEqualTo(deadLetterQueues);
        fifoInAsyncApi.forEach(queue -> assertThat(local("modules/messaging", "queues").path(queue).path("fifo")
                .asBoolean()).as(queue + " is FIFO in the AsyncAPI document").isTrue());
    }

    private static Set<String> withoutFifoSuffix(Set<String> names) {
        Set<String> logical = new TreeSet<>();
        names.forEach(name -> logical.add(name.replaceFirst("\\.fifo$", "")));
        return logical;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingestion", "deidentification", "scoring", "audit-writer"})
    void shouldTriggerEachFunctionFromTheQueuesTheLocalCloudMaps_whenDeployingFunctions(String function)
            throws IOException {
        String source = Files.readString(LOCAL_CLOUD);
        String mapping = source.substring(source.indexOf("FUNCTION_QUEUES = Map.of("));
        Matcher queues = Pattern.compile("\"" + Pattern.quote(function) + "\", List\\.of\\(([^)]*)\\)").matcher(mapping);
        assertThat(queues.find()).as("LocalCloud.FUNCTION_QUEUES entry for " + function).isTrue();

        Set<String> deployed = new TreeSet<>();
        local("modules/functions", "functions").path(function).path("sources").fieldNames()
                .forEachRemaining(deployed::add);

        assertThat(deployed).isEqualTo(matches(queues.group(1), "\"([a-z-]+)\""));
    }

    @Test
    void shouldSendARequestThatPassesTheContract_whenTheRetentionScheduleFires() throws IOException {
        Path module = Configurations.INFRA_ROOT.resolve("modules/messaging");
        String schedule = Files.readString(module.resolve("main.tf"));
        assertThat(schedule).contains("input = file(\"${path.module}/audit-retention-request.json\")");
        // What EventBridge Scheduler puts in place of its context keys (its documentation's examples).
        String sent = Files.readString(module.resolve("audit-retention-request.json"))
                .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                .replace("<aws.scheduler.scheduled-time>", "2026-11-24T03:15:00Z");

        var request = EventCodec.decode(sent, AuditMaintenance.class);

        assertThat(request.data().task()).isEqualTo(AuditMaintenance.RETENTION);
        assertThat(request.source()).isEqualTo("urn:health-pipeline:schedule:audit-retention");
    }

    @Test
    void shouldCreateTheLocalCloudsZones_whenDeployingStorage() throws IOException {
        String zonesLine = matches(Files.readString(LOCAL_CLOUD), "ZONES = List\\.of\\(([^)]*)\\)").iterator().next();
        Set<String> localZones = matches(zonesLine, "\"([a-z-]+)\"");

        Set<String> deployed = new TreeSet<>();
        local("modules/storage", "zones").fieldNames().forEachRemaining(deployed::add);
        deployed.add("audit-archive"); // its own resource: Object Lock must be enabled when the bucket is created

        assertThat(deployed).isEqualTo(localZones);
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
