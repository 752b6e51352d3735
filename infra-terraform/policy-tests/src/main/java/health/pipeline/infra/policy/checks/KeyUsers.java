package health.pipeline.infra.policy.checks;

import com.fasterxml.jackson.databind.JsonNode;
import health.pipeline.infra.policy.model.Block;
import health.pipeline.infra.policy.model.TerraformModule;
import health.pipeline.infra.policy.model.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who uses which KMS key, derived from the HCL of the modules a composition (modules/pipeline) calls, in the terms the
 * composition itself uses for principals ({@code module.functions.role_arns["ingestion"]},
 * {@code var.model_governance_sender_arns}, ...), so that it can be compared with the key users the composition
 * declares to the keys module (ADR 0085).
 *
 * <p>A principal uses a key <em>directly</em> when a policy of its role allows a KMS operation on the key without a
 * {@code kms:ViaService} condition, and <em>through messaging</em> when it sends to or receives from a queue or
 * publishes to a topic encrypted with the key (in its role's policy or in the queue's or topic's resource policy), or
 * holds a KMS permission on the key only via a service. Principals written as literal ARNs (an account root in a topic
 * policy is delegation to IAM, not a user) and service principals are not users in this sense. Expressions the
 * derivation does not understand yield principals nobody declares, so the check fails closed.
 */
public final class KeyUsers {

    /** Operations that move message data, and so need the queue's or topic's key. */
    private static final Set<String> MESSAGE_DATA_ACTIONS = Set.of("sqs:SendMessage", "sqs:ReceiveMessage",
            "sns:Publish");
    /** KMS operations that do not use key material. */
    private static final Set<String> KMS_METADATA_ACTIONS = Set.of("kms:DescribeKey", "kms:GetPublicKey",
            "kms:Verify", "kms:ListGrants", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus");
    private static final Pattern INDEXED_VARIABLE = Pattern.compile("var\\.([A-Za-z0-9_]+)\\[\"([A-Za-z0-9_-]+)\"]");
    private static final Pattern PLAIN_VARIABLE = Pattern.compile("var\\.([A-Za-z0-9_]+)(?![\\[A-Za-z0-9_])");
    private static final Pattern MESSAGING_RESOURCE = Pattern.compile(
            "(aws_sqs_queue|aws_sns_topic)\\.([A-Za-z0-9_]+)(?:\\[\"([A-Za-z0-9_-]+)\"]|\\.arn)");
    /** An AWS service principal, also when its name holds the region ({@code logs.${local.region}.amazonaws.com}). */
    private static final Pattern SERVICE = Pattern.compile(
            "([a-z0-9-]+)\\.(?:\\$\\{[^}]*}\\.|[a-z]{2}(?:-[a-z]+)+-\\d\\.)?amazonaws\\.com");
    private static final Pattern MODULE_OUTPUT = Pattern.compile(
            "^module\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)(?:\\[\"([A-Za-z0-9_-]+)\"])?$");
    /** How a composition names principals: a module output (optionally indexed) or one of its own variables. */
    static final Pattern PRINCIPAL_REFERENCE = Pattern.compile(
            "module\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(?:\\[\"[^\"]+\"])?|var\\.[A-Za-z0-9_-]+");
    private static final Pattern FOR_KEYS = Pattern.compile(
            "\\[for ([A-Za-z0-9_]+) in keys\\(each\\.value\\.([A-Za-z0-9_]+)\\) : ([^\\]]*)]");
    private static final Pattern EACH_VALUE = Pattern.compile("each\\.value\\.([A-Za-z0-9_]+)");
    /** {@code length(each.value.x) > 0} once an empty map or list has been bound in. */
    private static final Pattern EMPTY_LENGTH = Pattern.compile("length\\((\\{}|\\[])\\)\\s*>\\s*0");
    private static final Pattern EQUALITY = Pattern.compile("\"([^\"]*)\"\\s*(==|!=)\\s*\"([^\"]*)\"");

    /** Users of each key class: direct users, and users through SQS, SNS or Scheduler only. */
    public record Usage(Map<String, Set<String>> direct, Map<String, Set<String>> messaging) {

        Usage() {
            this(new TreeMap<>(), new TreeMap<>());
        }

        void add(boolean viaMessaging, String keyClass, String principal) {
            (viaMessaging ? messaging : direct).computeIfAbsent(keyClass, c -> new TreeSet<>()).add(principal);
        }

        public Set<String> direct(String keyClass) {
            return direct.getOrDefault(keyClass, Set.of());
        }

        /** Messaging users that do not already use the key directly (their direct grant covers messaging). */
        public Set<String> messagingOnly(String keyClass) {
            Set<String> only = new TreeSet<>(messaging.getOrDefault(keyClass, Set.of()));
            only.removeAll(direct(keyClass));
            return only;
        }

        Set<String> classes() {
            Set<String> classes = new TreeSet<>(direct.keySet());
            classes.addAll(messaging.keySet());
            return classes;
        }
    }

    private final TerraformModule composition;
    private final Block keysCall;

    public KeyUsers(Block keysCall) {
        this.composition = keysCall.module();
        this.keysCall = keysCall;
    }

    /** The principals a composition passes for one argument of the keys module, by key class. */
    static Map<String, Set<String>> declared(Block keysCall, String argument) {
        JsonNode value = keysCall.attribute(argument);
        if (value.isMissingNode()) {
            return new TreeMap<>(); // the module's default: nobody
        }
        Matcher local = Pattern.compile("^\\$\\{local\\.([A-Za-z0-9_]+)}$").matcher(Values.text(value));
        if (local.matches()) {
            value = keysCall.module().local(local.group(1)).orElse(value);
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        if (!value.isObject()) {
            return null;
        }
        value.properties().forEach(entry -> declared.put(entry.getKey(), references(joined(entry.getValue()))));
        return declared;
    }

    static Set<String> references(String expression) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PRINCIPAL_REFERENCE.matcher(expression);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** Derives the usage from every module the composition calls, except the keys module itself. */
    public Usage derive() {
        Usage usage = new Usage();
        for (Block call : composition.moduleCalls()) {
            if (call == keysCall) {
                continue;
            }
            calledModule(call).ifPresent(module -> {
                deriveRoleUses(call, module, usage);
                deriveResourcePolicyUses(call, module, usage);
            });
        }
        return usage;
    }

    private Optional<TerraformModule> calledModule(Block call) {
        return composition.sourceDirectory(call).flatMap(directory -> composition.configuration().modules().stream()
                .filter(module -> module.directory().equals(directory)).findFirst());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Role policies: the role is the principal.

    private void deriveRoleUses(Block call, TerraformModule module, Usage usage) {
        for (Block attachment : module.resources("aws_iam_role_policy")) {
            Matcher role = Pattern.compile("aws_iam_role\\.([A-Za-z0-9_]+)").matcher(attachment.text("role"));
            if (!role.find()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> instance : instances(module, attachment).entrySet()) {
                String key = instance.getKey();
                String policy = bind(attachment.text("policy"), key, instance.getValue());
                Optional<Document> document = document(module, policy);
                String principal = liftRole(call, module, role.group(1), key);
                document.ifPresent(d -> forEachStatement(d, statement -> {
                    List<String> actions = strings(statement.body.path("actions"), statement);
                    String resources = statement.text("resources");
                    boolean viaService = PolicyStatements.hasConditionOn(statement.body, List.of("StringEquals",
                            "StringLike", "ForAnyValue:StringEquals"), "kms:ViaService");
                    if (actions.stream().anyMatch(KeyUsers::usesKeyMaterial)) {
                        keyClasses(call, module, resources).forEach(c -> usage.add(viaService, c, principal));
                    }
                    if (actions.stream().anyMatch(MESSAGE_DATA_ACTIONS::contains)) {
                        keyClasses(call, module, resources).forEach(c -> usage.add(true, c, principal));
                    }
                }));
            }
        }
    }

    private static boolean usesKeyMaterial(String action) {
        return action.startsWith("kms:") && !KMS_METADATA_ACTIONS.contains(action);
    }

    /** The output of the module that exposes the role, as the composition refers to it. */
    private static String liftRole(Block call, TerraformModule module, String roleName, String instance) {
        Pattern mention = Pattern.compile("aws_iam_role\\." + Pattern.quote(roleName) + "(?![A-Za-z0-9_])");
        for (Block output : outputs(module)) {
            String value = Values.expression(output.attribute("value"));
            if (value.equals("aws_iam_role." + roleName + ".arn")) {
                return "module." + call.name() + "." + output.name();
            }
            if (instance != null && mention.matcher(value).find() && value.startsWith("{ for")) {
                return "module." + call.name() + "." + output.name() + "[\"" + instance + "\"]";
            }
        }
        return "(role aws_iam_role." + roleName + (instance == null ? "" : "[\"" + instance + "\"]") + " of module."
                + call.name() + ", exposed by no output)";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Resource policies of queues and topics: principals given by variables are users.

    private void deriveResourcePolicyUses(Block call, TerraformModule module, Usage usage) {
        for (Block documentBlock : module.dataSources("aws_iam_policy_document")) {
            for (Map.Entry<String, JsonNode> instance : instances(module, documentBlock).entrySet()) {
                Document document = new Document(documentBlock, instance.getKey(), instance.getValue());
                forEachStatement(document, statement -> {
                    if (PolicyStatements.isDeny(statement.body)) {
                        return;
                    }
                    List<String> actions = strings(statement.body.path("actions"), statement);
                    if (actions.stream().noneMatch(MESSAGE_DATA_ACTIONS::contains)) {
                        return;
                    }
                    for (JsonNode principals : Block.nested(statement.body, "principals")) {
                        if (!"AWS".equals(Values.text(principals.path("type")))) {
                            continue;
                        }
                        String identifiers = statement.bound(joined(principals.path("identifiers")));
                        if (identifiers.contains("each.value.consumer_role_arns")) {
                            subscriptionConsumers(call, module, usage);
                            continue;
                        }
                        Set<String> lifted = liftVariables(call, identifiers);
                        for (String keyClass : keyClasses(call, module, statement.text("resources"))) {
                            lifted.forEach(principal -> usage.add(true, keyClass, principal));
                        }
                    }
                });
            }
        }
    }

    /**
     * A subscriber queue is encrypted with its topic's key; its consumers come from the caller's subscriptions, so
     * they are named per topic by an output of the module.
     */
    private static void subscriptionConsumers(Block call, TerraformModule module, Usage usage) {
        Optional<Block> output = outputs(module).stream()
                .filter(o -> Values.text(o.attribute("value")).contains("consumer_role_arns")).findFirst();
        JsonNode topics = module.local("topics").orElse(null);
        if (topics == null || !topics.isObject()) {
            usage.add(true, "(unknown)", "(subscription consumers of module." + call.name() + ": no local.topics)");
            return;
        }
        topics.properties().forEach(topic -> {
            String keyClass = Values.text(topic.getValue().path("key"));
            usage.add(true, keyClass, output.map(o -> "module." + call.name() + "." + o.name() + "[\"" + topic.getKey()
                    + "\"]").orElse("(consumers of " + topic.getKey() + " subscriptions, exposed by no output)"));
        });
    }

    /** {@code var.x} of the called module, as the composition sets it. */
    private static Set<String> liftVariables(Block call, String identifiers) {
        Set<String> lifted = new TreeSet<>();
        Matcher variable = PLAIN_VARIABLE.matcher(identifiers);
        while (variable.find()) {
            lifted.addAll(references(call.text(variable.group(1))));
        }
        return lifted;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // AWS services that use a key on the pipeline's behalf.

    /**
     * Services each key class must admit, derived from the called modules: CloudWatch Logs for a log group under the
     * key, and each service a queue or topic policy lets send or publish into a queue or topic under the key (SNS
     * delivering to subscriber and dead-letter queues, S3 notifications, CloudWatch alarms).
     */
    public Map<String, Set<String>> requiredServices() {
        Map<String, Set<String>> required = new TreeMap<>();
        for (Block call : composition.moduleCalls()) {
            if (call == keysCall) {
                continue;
            }
            calledModule(call).ifPresent(module -> {
                for (Block group : module.resources("aws_cloudwatch_log_group")) {
                    keyClasses(call, module, group.text("kms_key_id")).forEach(
                            c -> required.computeIfAbsent(c, k -> new TreeSet<>()).add("logs"));
                }
                for (Block documentBlock : module.dataSources("aws_iam_policy_document")) {
                    for (Map.Entry<String, JsonNode> instance : instances(module, documentBlock).entrySet()) {
                        forEachStatement(new Document(documentBlock, instance.getKey(), instance.getValue()), statement -> {
                            if (PolicyStatements.isDeny(statement.body()) || strings(statement.body().path("actions"),
                                    statement).stream().noneMatch(MESSAGE_DATA_ACTIONS::contains)) {
                                return;
                            }
                            Set<String> services = services(statement);
                            if (services.isEmpty()) {
                                return;
                            }
                            for (String keyClass : keyClasses(call, module, statement.text("resources"))) {
                                required.computeIfAbsent(keyClass, k -> new TreeSet<>()).addAll(services);
                            }
                        });
                    }
                }
            });
        }
        return required;
    }

    /** Services each key class's policy admits, from the keys module's per-class policy document. */
    public Map<String, Set<String>> admittedServices() {
        Map<String, Set<String>> admitted = new TreeMap<>();
        calledModule(keysCall).ifPresent(module -> {
            for (Block key : module.resources("aws_kms_key")) {
                Optional<Block> documentBlock = References.policyDocument(key, "policy");
                if (documentBlock.isEmpty()) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> instance : instances(module, documentBlock.get()).entrySet()) {
                    if (instance.getKey() == null) {
                        continue; // the asymmetric keys: no service uses them
                    }
                    Set<String> services = admitted.computeIfAbsent(instance.getKey(), k -> new TreeSet<>());
                    forEachStatement(new Document(documentBlock.get(), instance.getKey(), instance.getValue()),
                            statement -> {
                                if (!PolicyStatements.isDeny(statement.body()) && strings(statement.body()
                                        .path("actions"), statement).stream().anyMatch(KeyUsers::usesKeyMaterial)) {
                                    services.addAll(services(statement));
                                }
                            });
                }
            }
        });
        return admitted;
    }

    private static Set<String> services(Statement statement) {
        Set<String> services = new TreeSet<>();
        for (JsonNode principals : Block.nested(statement.body(), "principals")) {
            if ("Service".equals(Values.text(principals.path("type")))) {
                Matcher service = SERVICE.matcher(statement.bound(joined(principals.path("identifiers"))));
                while (service.find()) {
                    services.add(service.group(1));
                }
            }
        }
        return services;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Which key class a resource expression points at.

    private Set<String> keyClasses(Block call, TerraformModule module, String resources) {
        Set<String> classes = new TreeSet<>();
        Matcher indexed = INDEXED_VARIABLE.matcher(resources);
        while (indexed.find()) {
            classOfOutput(Values.expression(call.attribute(indexed.group(1))), indexed.group(2)).ifPresent(classes::add);
        }
        Matcher plain = PLAIN_VARIABLE.matcher(resources);
        while (plain.find()) {
            classOfOutput(Values.expression(call.attribute(plain.group(1))), null).ifPresent(classes::add);
        }
        Matcher messaging = MESSAGING_RESOURCE.matcher(resources);
        while (messaging.find()) {
            classOfResource(call, module, messaging.group(1), messaging.group(2), messaging.group(3))
                    .ifPresent(classes::add);
        }
        return classes;
    }

    /** The key class behind {@code module.keys.key_arns}, {@code module.messaging.queue_arns["x"]}, ... */
    private Optional<String> classOfOutput(String expression, String index) {
        Matcher reference = MODULE_OUTPUT.matcher(expression);
        if (!reference.matches()) {
            return Optional.empty();
        }
        String key = reference.group(3) != null ? reference.group(3) : index;
        Optional<Block> call = composition.moduleCalls().stream().filter(c -> c.name().equals(reference.group(1)))
                .findFirst();
        if (call.isEmpty()) {
            return Optional.empty();
        }
        Optional<TerraformModule> module = calledModule(call.get());
        Optional<Block> output = module.stream().flatMap(m -> outputs(m).stream())
                .filter(o -> o.name().equals(reference.group(2))).findFirst();
        if (output.isEmpty()) {
            return Optional.empty();
        }
        String value = Values.text(output.get().attribute("value"));
        Matcher key_ = Pattern.compile("aws_kms_key\\.([A-Za-z0-9_]+)").matcher(value);
        if (key_.find()) {
            return key_.group(1).equals("this") ? Optional.ofNullable(key) : Optional.of(key_.group(1).replace('_', '-'));
        }
        Matcher messaging = Pattern.compile("(aws_sqs_queue|aws_sns_topic)\\.([A-Za-z0-9_]+)").matcher(value);
        if (messaging.find() && key != null) {
            return classOfResource(call.get(), module.get(), messaging.group(1), messaging.group(2), key);
        }
        return Optional.empty();
    }

    /** The key class of one instance of a queue or topic resource, from its kms_master_key_id. */
    private Optional<String> classOfResource(Block call, TerraformModule module, String type, String name,
            String instance) {
        Optional<Block> resource = module.resources(type).stream().filter(r -> r.name().equals(name)).findFirst();
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        Map<String, JsonNode> instances = instances(module, resource.get());
        if (!instances.containsKey(instance)) {
            return Optional.empty();
        }
        JsonNode each = instances.get(instance);
        String keyId = bind(resource.get().text("kms_master_key_id"), instance, each);
        return keyClasses(call, module, keyId).stream().findFirst();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // for_each instances and statements.

    /**
     * The instances of a block: for {@code for_each = local.x} (a literal map) its keys with their values; otherwise
     * one instance with key null.
     */
    private static Map<String, JsonNode> instances(TerraformModule module, Block block) {
        Map<String, JsonNode> instances = new LinkedHashMap<>();
        Matcher local = Pattern.compile("^\\$\\{local\\.([A-Za-z0-9_]+)}$").matcher(block.text("for_each"));
        JsonNode map = local.matches() ? module.local(local.group(1)).orElse(null) : null;
        if (map != null && map.isObject()) {
            map.properties().forEach(entry -> instances.put(entry.getKey(), entry.getValue()));
        } else {
            instances.put(null, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        }
        return instances;
    }

    /** The expression with {@code each.key} and {@code each.value.x} of one instance written in as literals. */
    static String bind(String expression, String key, JsonNode value) {
        if (key == null) {
            return expression;
        }
        Matcher forKeys = FOR_KEYS.matcher(expression);
        StringBuilder expanded = new StringBuilder();
        while (forKeys.find()) {
            List<String> items = new ArrayList<>();
            value.path(forKeys.group(2)).fieldNames().forEachRemaining(name -> items.add(
                    forKeys.group(3).replaceAll("(?<![A-Za-z0-9_.])" + Pattern.quote(forKeys.group(1))
                            + "(?![A-Za-z0-9_])", Matcher.quoteReplacement("\"" + name + "\""))));
            forKeys.appendReplacement(expanded, Matcher.quoteReplacement("[" + String.join(", ", items) + "]"));
        }
        forKeys.appendTail(expanded);
        String bound = expanded.toString().replace("each.key", "\"" + key + "\"");
        Matcher attribute = EACH_VALUE.matcher(bound);
        StringBuilder result = new StringBuilder();
        while (attribute.find()) {
            JsonNode field = value.path(attribute.group(1));
            String replacement = field.isValueNode() ? "\"" + field.asText() + "\"" : field.isMissingNode()
                    ? attribute.group() : field.toString();
            attribute.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        attribute.appendTail(result);
        return result.toString();
    }

    /** A {@code dynamic} block's {@code for_each}, bound: false only when a literal comparison decides it. */
    static boolean present(String forEach) {
        int question = forEach.indexOf('?');
        if (question < 0) {
            return true;
        }
        boolean condition = !EMPTY_LENGTH.matcher(forEach.substring(0, question)).find();
        Matcher comparison = EQUALITY.matcher(forEach.substring(0, question));
        while (comparison.find()) {
            boolean equal = comparison.group(1).equals(comparison.group(3));
            condition &= comparison.group(2).equals("==") == equal;
        }
        String branches = forEach.substring(question + 1).replace(" ", "");
        return branches.startsWith("[]:") ? !condition : condition;
    }

    record Document(Block block, String key, JsonNode value) {
    }

    record Statement(JsonNode body, String key, JsonNode value) {

        String bound(String text) {
            return bind(text, key, value);
        }

        String text(String attribute) {
            return bound(joined(body.path(attribute)));
        }
    }

    static Optional<Document> document(TerraformModule module, String policy) {
        Matcher local = Pattern.compile("local\\.([A-Za-z0-9_]+)\\[\"([A-Za-z0-9_-]+)\"]").matcher(policy);
        if (local.find()) {
            policy = module.local(local.group(1)).map(l -> Values.text(l.path(local.group(2)))).orElse(policy);
        }
        Matcher reference = Pattern.compile("data\\.aws_iam_policy_document\\.([A-Za-z0-9_]+)(?:\\[\"([A-Za-z0-9_-]+)\"])?")
                .matcher(policy);
        if (!reference.find()) {
            return Optional.empty();
        }
        String name = reference.group(1);
        String key = reference.group(2);
        return module.dataSources("aws_iam_policy_document").stream().filter(d -> d.name().equals(name)).findFirst()
                .map(d -> new Document(d, key, key == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                        : instances(module, d).getOrDefault(key,
                                com.fasterxml.jackson.databind.node.MissingNode.getInstance())));
    }

    static void forEachStatement(Document document, java.util.function.Consumer<Statement> consumer) {
        JsonNode direct = document.block().body().get("statement");
        if (direct != null) {
            (direct.isArray() ? direct : List.of(direct)).forEach(body -> consumer.accept(
                    new Statement(body, document.key(), document.value())));
        }
        for (JsonNode generator : document.block().body().path("dynamic").path("statement")) {
            if (present(bind(Values.text(generator.path("for_each")), document.key(), document.value()))) {
                generator.path("content").forEach(body -> consumer.accept(
                        new Statement(body, document.key(), document.value())));
            }
        }
    }

    private static List<String> strings(JsonNode value, Statement statement) {
        return References.strings(value).stream().map(statement::bound).toList();
    }

    /** A list attribute's strings one per line (a JSON array's text would escape the quotes inside expressions). */
    static String joined(JsonNode value) {
        return String.join("\n", References.strings(value));
    }

    private static List<Block> outputs(TerraformModule module) {
        return module.outputs();
    }
}
