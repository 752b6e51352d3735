package health.pipeline.emulators.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import health.pipeline.emulators.RegionalEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * An in-JVM emulator of Amazon SNS standard topics, spoken to over HTTP with the AWS Query protocol
 * (form-encoded {@code Action=...&Version=2010-03-31}, XML responses), so the real AWS SDK client reaches it through
 * {@code endpointOverride(emulator.endpoint())}.
 *
 * <p>Subscriptions use the {@code sqs} protocol only; messages are delivered, synchronously before {@code Publish}
 * returns, through the {@link SqsClient} given at start (for example one pointed at ElasticMQ), honouring
 * {@code RawMessageDelivery}, {@code FilterPolicy} and {@code FilterPolicyScope}. See the module README for what is
 * covered and how this differs from AWS.
 */
public final class SnsEmulator extends RegionalEmulator {

    /** Placeholder in the envelope's Signature field: the emulator does not sign notifications. */
    public static final String UNSIGNED_SIGNATURE =
            Base64.getEncoder().encodeToString("SNS-EMULATOR-UNSIGNED".getBytes(StandardCharsets.US_ASCII));

    private static final System.Logger LOG = System.getLogger(SnsEmulator.class.getName());
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final int PAGE_SIZE = 100;
    private static final int MAX_BATCH_ENTRIES = 10;
    private static final Pattern TOPIC_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");
    private static final Pattern SQS_ARN = Pattern.compile("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:([A-Za-z0-9_-]{1,80})$");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,256}$");
    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("^[A-Za-z0-9_-]{1,80}$");
    private static final Pattern FEEDBACK_ATTRIBUTE =
            Pattern.compile("^(HTTP|Firehose|Lambda|SQS|Application)(Success|Failure)Feedback(RoleArn|SampleRate)$");
    private static final Set<String> TOPIC_ATTRIBUTES = Set.of("DeliveryPolicy", "DisplayName", "Policy",
            "KmsMasterKeyId", "SignatureVersion", "TracingConfig", "FifoTopic", "ContentBasedDeduplication",
            "ArchivePolicy", "FifoThroughputScope");
    private static final Set<String> FIFO_ONLY_TOPIC_ATTRIBUTES =
            Set.of("ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope");
    private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of("DeliveryPolicy", "FilterPolicy",
            "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy");
    private static final Set<String> KNOWN_PROTOCOLS =
            Set.of("http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String DEFAULT_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,"
            + "\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"disableSubscriptionOverrides\":false,"
            + "\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    private static final class Topic {
        final String arn;
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        Topic(String arn, String name) {
            this.arn = arn;
            this.name = name;
        }
    }

    private static final class Subscription {
        final String arn;
        final String topicArn;
        final String protocol;
        final String endpoint;
        volatile Map<String, String> attributes;
        volatile FilterPolicy filter;
        volatile boolean raw;

        Subscription(String arn, String topicArn, String protocol, String endpoint) {
            this.arn = arn;
            this.topicArn = topicArn;
            this.protocol = protocol;
            this.endpoint = endpoint;
        }

        String queueName() {
            return endpoint.substring(endpoint.lastIndexOf(':') + 1);
        }
    }

    /** What one Publish (or one PublishBatch entry) asks for, validated. */
    private record PublishInput(String message, String subject, String messageStructure, String sqsMessage,
                                Map<String, PublishedMessage.Attribute> attributes) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectWriter envelopeWriter = json.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));
    private final SqsClient sqs;
    private final Object lock = new Object();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, List<PublishedMessage>> published = new ConcurrentHashMap<>();
    private final List<DeliveryFailure> deliveryFailures = new CopyOnWriteArrayList<>();

    private SnsEmulator(int port, SqsClient sqs, String region) throws IOException {
        super(region);
        this.sqs = sqs;
        serve("sns-emulator", port, this::handle);
    }

    /**
     * Starts an emulator for region {@value #DEFAULT_REGION} on the loopback interface; port 0 picks a free port.
     *
     * @param delivery the client that delivers to SQS subscribers; null to only record published messages
     */
    public static SnsEmulator start(int port, SqsClient delivery) {
        return start(port, delivery, DEFAULT_REGION);
    }

    /** As {@link #start(int, SqsClient)}, with topic ARNs in {@code region}. */
    public static SnsEmulator start(int port, SqsClient delivery, String region) {
        try {
            return new SnsEmulator(port, delivery, region);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the SNS emulator on port " + port, e);
        }
    }

    /** The ARN a topic of that name has (or would have) in this emulator. */
    public String topicArn(String topicName) {
        return "arn:aws:sns:" + region + ":" + ACCOUNT_ID + ":" + topicName;
    }

    /** Every message accepted for the topic so far, oldest first (empty for an unknown topic). */
    public List<PublishedMessage> published(String topicArn) {
        return List.copyOf(published.getOrDefault(topicArn, List.of()));
    }

    /** Deliveries that failed (for example to a queue that does not exist), oldest first. */
    public List<DeliveryFailure> deliveryFailures() {
        return List.copyOf(deliveryFailures);
    }

    @Override
    public String toString() {
        return "SnsEmulator[" + endpoint() + ", region " + region + "]";
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            LOG.log(System.Logger.Level.DEBUG, () -> exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            String requestId = UUID.randomUUID().toString();
            int status = 200;
            String xml;
            try {
                String method = exchange.getRequestMethod();
                if (!"POST".equals(method) && !"GET".equals(method)) {
                    throw new SnsFault(405, "InvalidAction", "Method " + method + " is not supported");
                }
                QueryRequest request = QueryRequest.parse(exchange.getRequestURI().getRawQuery(),
                        "POST".equals(method) ? body : null);
                String action = request.get("Action");
                if (action == null) {
                    throw new SnsFault(400, "MissingAction", "Missing Action");
                }
                xml = Xml.response(action, dispatch(action, request), requestId);
            } catch (SnsFault fault) {
                status = fault.status();
                xml = Xml.error(fault, requestId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "SNS emulator failure", e);
                SnsFault fault = new SnsFault(500, "InternalError", "SNS emulator failure: " + e);
                status = fault.status();
                xml = Xml.error(fault, requestId);
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Xml dispatch(String action, QueryRequest request) {
        return switch (action) {
            case "CreateTopic" -> createTopic(request);
            case "DeleteTopic" -> deleteTopic(request);
            case "ListTopics" -> listTopics(request);
            case "GetTopicAttributes" -> getTopicAttributes(request);
            case "SetTopicAttributes" -> setTopicAttributes(request);
            case "Subscribe" -> subscribe(request);
            case "Unsubscribe" -> unsubscribe(request);
            case "ListSubscriptions" -> listSubscriptions(request, null);
            case "ListSubscriptionsByTopic" -> listSubscriptions(request, topic(request.required("TopicArn")).arn);
            case "GetSubscriptionAttributes" -> getSubscriptionAttributes(request);
            case "SetSubscriptionAttributes" -> setSubscriptionAttributes(request);
            case "Publish" -> publish(request);
            case "PublishBatch" -> publishBatch(request);
            default -> throw new SnsFault(400, "InvalidAction", "The action " + action
                    + " is not valid for this web service or is not supported by the SNS emulator.");
        };
    }

    // ---------------------------------------------------------------------------------------------- topics

    private Xml createTopic(QueryRequest request) {
        String name = request.required("Name");
        Map<String, String> attributes = request.map("Attributes", "key", "value");
        if (name.endsWith(".fifo") || "true".equalsIgnoreCase(attributes.get("FifoTopic"))) {
            throw SnsFault.invalidParameter("FIFO topics are not supported by the SNS emulator");
        }
        if (!TOPIC_NAME.matcher(name).matches()) {
            throw SnsFault.invalidParameter("Topic Name");
        }
        if (request.has("DataProtectionPolicy")) {
            throw SnsFault.invalidParameter("DataProtectionPolicy is not supported by the SNS emulator");
        }
        attributes.forEach(this::validateTopicAttribute);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; request.has("Tags.member." + i + ".Key"); i++) {
            tags.put(request.get("Tags.member." + i + ".Key"), request.get("Tags.member." + i + ".Value"));
        }
        String arn = topicArn(name);
        synchronized (lock) {
            Topic existing = topics.get(arn);
            if (existing != null) {
                for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                    if (!Objects.equals(existing.attributes.get(attribute.getKey()), attribute.getValue())) {
                        throw SnsFault.invalidParameter("Attributes Reason: Topic already exists with different attributes");
                    }
                }
                if (!tags.isEmpty() && !tags.equals(existing.tags)) {
                    throw SnsFault.invalidParameter("Tags Reason: Topic already exists with different tags");
                }
            } else {
                Topic topic = new Topic(arn, name);
                attributes.forEach((key, value) -> {
                    if (!"FifoTopic".equals(key)) {
                        topic.attributes.put(key, value);
                    }
                });
                topic.tags.putAll(tags);
                topics.put(arn, topic);
            }
        }
        return new Xml().element("TopicArn", arn);
    }

    private void validateTopicAttribute(String name, String value) {
        if (!TOPIC_ATTRIBUTES.contains(name) && !FEEDBACK_ATTRIBUTE.matcher(name).matches()) {
            throw SnsFault.invalidParameter("AttributeName");
        }
        if (FIFO_ONLY_TOPIC_ATTRIBUTES.contains(name)) {
            throw SnsFault.invalidParameter("Attributes Reason: " + name + " is only valid for FIFO topics, "
                    + "which the SNS emulator does not support");
        }
        switch (name) {
            case "SignatureVersion" -> {
                if (!"1".equals(value) && !"2".equals(value)) {
                    throw SnsFault.invalidParameter("Attributes Reason: SignatureVersion: Invalid value [" + value
                            + "]. Must be 1 or 2.");
                }
            }
            case "TracingConfig" -> {
                if (!"PassThrough".equals(value) && !"Active".equals(value)) {
                    throw SnsFault.invalidParameter("Attributes Reason: TracingConfig: Invalid value [" + value
                            + "]. Must be PassThrough or Active.");
                }
            }
            case "DisplayName" -> {
                if (value.length() > 100) {
                    throw SnsFault.invalidParameter("Attributes Reason: DisplayName: must be at most 100 characters");
                }
            }
            case "Policy", "DeliveryPolicy" -> requireJsonObject(name, value);
            default -> {
                // stored as given
            }
        }
    }

    private void requireJsonObject(String attribute, String value) {
        try {
            JsonNode node = json.readTree(value);
            if (node == null || !node.isObject()) {
                throw SnsFault.invalidParameter("Attributes Reason: " + attribute + ": must be a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw SnsFault.invalidParameter("Attributes Reason: " + attribute + ": failed to parse JSON");
        }
    }

    private Xml deleteTopic(QueryRequest request) {
        String arn = request.required("TopicArn");
        requireTopicArnShape(arn);
        synchronized (lock) {
            // Deleting a topic that does not exist is not an error in SNS.
            topics.remove(arn);
            subscriptions.values().removeIf(s -> s.topicArn.equals(arn));
        }
        return null;
    }

    private Xml listTopics(QueryRequest request) {
        List<String> arns;
        synchronized (lock) {
            arns = new ArrayList<>(topics.keySet());
        }
        int from = nextToken(request);
        Xml xml = new Xml().open("Topics");
        for (int i = from; i < Math.min(arns.size(), from + PAGE_SIZE); i++) {
            xml.open("member").element("TopicArn", arns.get(i)).close("member");
        }
        xml.close("Topics");
        if (from + PAGE_SIZE < arns.size()) {
            xml.element("NextToken", Integer.toString(from + PAGE_SIZE));
        }
        return xml;
    }

    private Xml getTopicAttributes(QueryRequest request) {
        Topic topic = topic(request.required("TopicArn"));
        Map<String, String> attributes = new LinkedHashMap<>();
        synchronized (lock) {
            long confirmed = subscriptions.values().stream().filter(s -> s.topicArn.equals(topic.arn)).count();
            attributes.put("Policy", topic.attributes.getOrDefault("Policy", defaultTopicPolicy(topic.arn)));
            attributes.put("Owner", ACCOUNT_ID);
            attributes.put("SubscriptionsPending", "0");
            attributes.put("TopicArn", topic.arn);
            attributes.put("EffectiveDeliveryPolicy",
                    topic.attributes.getOrDefault("DeliveryPolicy", DEFAULT_DELIVERY_POLICY));
            attributes.put("SubscriptionsConfirmed", Long.toString(confirmed));
            attributes.put("DisplayName", topic.attributes.getOrDefault("DisplayName", ""));
            attributes.put("SubscriptionsDeleted", "0");
            topic.attributes.forEach(attributes::putIfAbsent);
        }
        return new Xml().map("Attributes", attributes);
    }

    private Xml setTopicAttributes(QueryRequest request) {
        Topic topic = topic(request.required("TopicArn"));
        String name = request.required("AttributeName");
        String value = request.get("AttributeValue");
        if ("FifoTopic".equals(name)) {
            throw SnsFault.invalidParameter("AttributeName");
        }
        validateTopicAttribute(name, value == null ? "" : value);
        synchronized (lock) {
            if (value == null || value.isEmpty()) {
                topic.attributes.remove(name);
            } else {
                topic.attributes.put(name, value);
            }
        }
        return null;
    }

    private Topic topic(String arn) {
        requireTopicArnShape(arn);
        synchronized (lock) {
            Topic topic = topics.get(arn);
            if (topic == null) {
                throw SnsFault.topicNotFound();
            }
            return topic;
        }
    }

    private static void requireTopicArnShape(String arn) {
        String[] parts = arn.split(":", -1);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sns".equals(parts[2])) {
            throw SnsFault.invalidParameter("TopicArn");
        }
    }

    private static String defaultTopicPolicy(String topicArn) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\","
                + "\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\","
                + "\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"" + topicArn
                + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + ACCOUNT_ID + "\"}}}]}";
    }

    // ---------------------------------------------------------------------------------------------- subscriptions

    private Xml subscribe(QueryRequest request) {
        Topic topic = topic(request.required("TopicArn"));
        String protocol = request.required("Protocol");
        if (!"sqs".equals(protocol)) {
            if (KNOWN_PROTOCOLS.contains(protocol)) {
                throw SnsFault.invalidParameter("Protocol: the SNS emulator only delivers to sqs subscriptions, not "
                        + protocol);
            }
            throw SnsFault.invalidParameter("Amazon SNS does not support this protocol string: " + protocol);
        }
        String endpointArn = request.get("Endpoint");
        if (endpointArn == null || !SQS_ARN.matcher(endpointArn).matches()) {
            throw SnsFault.invalidParameter("SQS endpoint ARN");
        }
        Map<String, String> attributes = request.map("Attributes", "key", "value");
        Subscription candidate = new Subscription(topic.arn + ":" + UUID.randomUUID(), topic.arn, protocol, endpointArn);
        configure(candidate, attributes);
        synchronized (lock) {
            if (!topics.containsKey(topic.arn)) {
                throw SnsFault.topicNotFound();
            }
            for (Subscription existing : subscriptions.values()) {
                if (existing.topicArn.equals(topic.arn) && existing.protocol.equals(protocol)
                        && existing.endpoint.equals(endpointArn)) {
                    for (Map.Entry<String, String> attribute : candidate.attributes.entrySet()) {
                        if (!Objects.equals(existing.attributes.get(attribute.getKey()), attribute.getValue())) {
                            throw SnsFault.invalidParameter(
                                    "Attributes Reason: Subscription already exists with different attributes");
                        }
                    }
                    return new Xml().element("SubscriptionArn", existing.arn);
                }
            }
            subscriptions.put(candidate.arn, candidate);
        }
        return new Xml().element("SubscriptionArn", candidate.arn);
    }

    /** Validates a complete set of subscription attributes and applies it (filter policy, raw delivery). */
    private void configure(Subscription subscription, Map<String, String> attributes) {
        Map<String, String> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            String value = attribute.getValue() == null ? "" : attribute.getValue();
            if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
                throw SnsFault.invalidParameter("Attributes Reason: Unknown attribute " + name);
            }
            switch (name) {
                case "RawMessageDelivery" -> {
                    if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
                        throw SnsFault.invalidParameter("Attributes Reason: RawMessageDelivery: Invalid value ["
                                + value + "]. Must be true or false.");
                    }
                    value = value.toLowerCase(Locale.ROOT);
                }
                case "FilterPolicyScope" -> {
                    try {
                        FilterPolicy.Scope.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw SnsFault.invalidParameter("Attributes Reason: " + e.getMessage());
                    }
                }
                case "ReplayPolicy" -> throw SnsFault.invalidParameter(
                        "Attributes Reason: ReplayPolicy is only valid for FIFO topics, which the SNS emulator does not support");
                case "RedrivePolicy", "DeliveryPolicy" -> {
                    if (!value.isEmpty()) {
                        requireJsonObject(name, value);
                    }
                }
                default -> {
                    // FilterPolicy is validated below, with its scope; SubscriptionRoleArn is stored as given.
                }
            }
            if (value.isEmpty() && !"RawMessageDelivery".equals(name)) {
                continue; // an empty value removes the attribute
            }
            normalised.put(name, value);
        }
        FilterPolicy filter = null;
        String policy = normalised.get("FilterPolicy");
        if (policy != null) {
            try {
                filter = FilterPolicy.parse(policy, FilterPolicy.Scope.parse(normalised.get("FilterPolicyScope")));
            } catch (IllegalArgumentException e) {
                throw SnsFault.invalidParameter(e.getMessage());
            }
        }
        subscription.attributes = Map.copyOf(normalised);
        subscription.filter = filter;
        subscription.raw = "true".equals(normalised.get("RawMessageDelivery"));
    }

    private Xml setSubscriptionAttributes(QueryRequest request) {
        Subscription subscription = subscription(request.required("SubscriptionArn"));
        String name = request.required("AttributeName");
        String value = request.get("AttributeValue");
        synchronized (lock) {
            Map<String, String> attributes = new LinkedHashMap<>(subscription.attributes);
            attributes.put(name, value == null ? "" : value);
            configure(subscription, attributes);
        }
        return null;
    }

    private Xml getSubscriptionAttributes(QueryRequest request) {
        Subscription subscription = subscription(request.required("SubscriptionArn"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ConfirmationWasAuthenticated", "true");
        attributes.put("TopicArn", subscription.topicArn);
        attributes.put("Owner", ACCOUNT_ID);
        attributes.put("PendingConfirmation", "false");
        attributes.put("SubscriptionArn", subscription.arn);
        attributes.put("Protocol", subscription.protocol);
        attributes.put("Endpoint", subscription.endpoint);
        attributes.put("RawMessageDelivery", Boolean.toString(subscription.raw));
        attributes.put("EffectiveDeliveryPolicy", subscription.attributes.getOrDefault("DeliveryPolicy", DEFAULT_DELIVERY_POLICY));
        Map<String, String> configured = subscription.attributes;
        if (configured.containsKey("FilterPolicy")) {
            attributes.put("FilterPolicy", configured.get("FilterPolicy"));
            attributes.put("FilterPolicyScope", configured.getOrDefault("FilterPolicyScope", "MessageAttributes"));
        }
        configured.forEach((key, value) -> {
            if (!"FilterPolicyScope".equals(key) || configured.containsKey("FilterPolicy")) {
                attributes.putIfAbsent(key, value);
            }
        });
        return new Xml().map("Attributes", attributes);
    }

    private Xml listSubscriptions(QueryRequest request, String topicArn) {
        List<Subscription> all;
        synchronized (lock) {
            all = subscriptions.values().stream()
                    .filter(s -> topicArn == null || s.topicArn.equals(topicArn))
                    .toList();
        }
        int from = nextToken(request);
        Xml xml = new Xml().open("Subscriptions");
        for (int i = from; i < Math.min(all.size(), from + PAGE_SIZE); i++) {
            Subscription s = all.get(i);
            xml.open("member")
                    .element("TopicArn", s.topicArn)
                    .element("Protocol", s.protocol)
                    .element("SubscriptionArn", s.arn)
                    .element("Owner", ACCOUNT_ID)
                    .element("Endpoint", s.endpoint)
                    .close("member");
        }
        xml.close("Subscriptions");
        if (from + PAGE_SIZE < all.size()) {
            xml.element("NextToken", Integer.toString(from + PAGE_SIZE));
        }
        return xml;
    }

    private Xml unsubscribe(QueryRequest request) {
        String arn = request.required("SubscriptionArn");
        subscription(arn);
        synchronized (lock) {
            subscriptions.remove(arn);
        }
        return null;
    }

    private Subscription subscription(String arn) {
        String[] parts = arn.split(":", -1);
        if (parts.length != 7 || !"arn".equals(parts[0]) || !"sns".equals(parts[2])) {
            throw SnsFault.invalidParameter("SubscriptionArn");
        }
        synchronized (lock) {
            Subscription subscription = subscriptions.get(arn);
            if (subscription == null) {
                throw SnsFault.subscriptionNotFound();
            }
            return subscription;
        }
    }

    // ---------------------------------------------------------------------------------------------- publishing

    private Xml publish(QueryRequest request) {
        String topicArn = request.get("TopicArn");
        if (topicArn == null) {
            topicArn = request.get("TargetArn");
        }
        if (topicArn == null) {
            if (request.has("PhoneNumber")) {
                throw SnsFault.invalidParameter("PhoneNumber Reason: SMS is not supported by the SNS emulator");
            }
            throw SnsFault.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }
        Topic topic = topic(topicArn);
        PublishInput input = publishInput(request, "");
        PublishedMessage message = publish(topic, input);
        return new Xml().element("MessageId", message.messageId());
    }

    private Xml publishBatch(QueryRequest request) {
        Topic topic = topic(request.required("TopicArn"));
        String prefix = "PublishBatchRequestEntries.member";
        int count = request.count(prefix, "Id");
        if (count == 0) {
            throw new SnsFault(400, "EmptyBatchRequest", "The batch request doesn't contain any entries.");
        }
        if (count > MAX_BATCH_ENTRIES) {
            throw new SnsFault(400, "TooManyEntriesInBatchRequest",
                    "The batch request contains more entries than permissible (" + MAX_BATCH_ENTRIES + ").");
        }
        Set<String> ids = new HashSet<>();
        long totalBytes = 0;
        for (int i = 1; i <= count; i++) {
            String id = request.get(prefix + "." + i + ".Id");
            if (!BATCH_ENTRY_ID.matcher(id).matches()) {
                throw new SnsFault(400, "InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't "
                        + "abide by the specification: " + id);
            }
            if (!ids.add(id)) {
                throw new SnsFault(400, "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
            }
            String message = request.get(prefix + "." + i + ".Message");
            totalBytes += message == null ? 0 : message.getBytes(StandardCharsets.UTF_8).length;
        }
        if (totalBytes > MAX_MESSAGE_BYTES) {
            throw new SnsFault(400, "BatchRequestTooLong",
                    "The length of all the messages put together is more than the limit (" + MAX_MESSAGE_BYTES + " bytes).");
        }
        Xml successful = new Xml().open("Successful");
        Xml failed = new Xml().open("Failed");
        for (int i = 1; i <= count; i++) {
            String entry = prefix + "." + i + ".";
            String id = request.get(entry + "Id");
            try {
                PublishedMessage message = publish(topic, publishInput(request, entry));
                successful.open("member").element("Id", id).element("MessageId", message.messageId()).close("member");
            } catch (SnsFault fault) {
                failed.open("member").element("Id", id).element("Code", fault.code())
                        .element("Message", fault.getMessage()).element("SenderFault", Boolean.toString(fault.status() < 500))
                        .close("member");
            }
        }
        successful.close("Successful");
        failed.close("Failed");
        return successful.append(failed);
    }

    private PublishInput publishInput(QueryRequest request, String prefix) {
        String message = request.get(prefix + "Message");
        if (message == null || message.isEmpty()) {
            throw SnsFault.invalidParameter("Empty message");
        }
        String subject = request.get(prefix + "Subject");
        if (subject != null) {
            validateSubject(subject);
        }
        if (request.has(prefix + "MessageDeduplicationId")) {
            throw SnsFault.invalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
                    + "parameter that is not valid for this topic type");
        }
        String structure = request.get(prefix + "MessageStructure");
        String sqsMessage = message;
        if (structure != null) {
            if (!"json".equals(structure)) {
                throw SnsFault.invalidParameter("MessageStructure");
            }
            sqsMessage = protocolMessage(message);
        }
        Map<String, PublishedMessage.Attribute> attributes = messageAttributes(request, prefix + "MessageAttributes");
        long size = message.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, PublishedMessage.Attribute> attribute : attributes.entrySet()) {
            PublishedMessage.Attribute value = attribute.getValue();
            size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
                    + value.dataType().getBytes(StandardCharsets.UTF_8).length
                    + (value.isBinary() ? value.binaryValue().length : value.stringValue().getBytes(StandardCharsets.UTF_8).length);
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw SnsFault.invalidParameter("Message too long");
        }
        return new PublishInput(message, subject, structure, sqsMessage, attributes);
    }

    private static void validateSubject(String subject) {
        boolean valid = !subject.isEmpty() && subject.length() <= 100 && subject.charAt(0) != ' ';
        for (int i = 0; valid && i < subject.length(); i++) {
            char c = subject.charAt(i);
            valid = c >= 0x20 && c < 0x7f;
        }
        if (!valid) {
            throw SnsFault.invalidParameter("Subject");
        }
    }

    /** With MessageStructure=json: the "sqs" entry, else the required "default" entry. */
    private String protocolMessage(String message) {
        JsonNode structure;
        try {
            structure = json.readTree(message);
        } catch (JsonProcessingException e) {
            throw SnsFault.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (structure == null || !structure.isObject()) {
            throw SnsFault.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        JsonNode fallback = structure.get("default");
        if (fallback == null || !fallback.isTextual()) {
            throw SnsFault.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        JsonNode sqsEntry = structure.get("sqs");
        return sqsEntry != null && sqsEntry.isTextual() ? sqsEntry.asText() : fallback.asText();
    }

    private Map<String, PublishedMessage.Attribute> messageAttributes(QueryRequest request, String prefix) {
        Map<String, PublishedMessage.Attribute> attributes = new LinkedHashMap<>();
        for (int i = 1; request.has(prefix + ".entry." + i + ".Name"); i++) {
            String base = prefix + ".entry." + i + ".";
            String name = request.get(base + "Name");
            validateAttributeName(name);
            String type = request.get(base + "Value.DataType");
            String stringValue = request.get(base + "Value.StringValue");
            String binaryValue = request.get(base + "Value.BinaryValue");
            if (type == null || type.isEmpty()) {
                throw SnsFault.invalidParameterValue("The message attribute '" + name
                        + "' must contain non-empty message attribute type.");
            }
            String baseType = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
            PublishedMessage.Attribute attribute = switch (baseType) {
                case "Binary" -> {
                    if (binaryValue == null || binaryValue.isEmpty()) {
                        throw emptyValue(name, type);
                    }
                    try {
                        yield new PublishedMessage.Attribute(type, null, Base64.getDecoder().decode(binaryValue));
                    } catch (IllegalArgumentException e) {
                        throw SnsFault.invalidParameterValue("The message attribute '" + name
                                + "' has an invalid Binary value.");
                    }
                }
                case "String", "Number" -> {
                    if (stringValue == null || stringValue.isEmpty()) {
                        throw emptyValue(name, type);
                    }
                    if ("Number".equals(baseType)) {
                        validateNumber(name, stringValue);
                    } else if ("String.Array".equals(type)) {
                        validateStringArray(name, stringValue);
                    }
                    yield new PublishedMessage.Attribute(type, stringValue, null);
                }
                default -> throw SnsFault.invalidParameterValue("The message attribute '" + name + "' has an invalid "
                        + "message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            };
            if (attributes.put(name, attribute) != null) {
                throw SnsFault.invalidParameterValue("Message attribute name '" + name + "' is duplicated.");
            }
        }
        return attributes;
    }

    private static SnsFault emptyValue(String name, String type) {
        return SnsFault.invalidParameterValue("The message attribute '" + name
                + "' must contain non-empty message attribute value for message attribute type '" + type + "'.");
    }

    private static void validateAttributeName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")
                || name.contains("..") || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw SnsFault.invalidParameterValue("The message attribute name '" + name + "' is invalid: names may "
                    + "contain A-Z, a-z, 0-9, underscore, hyphen and period, must not start or end with a period or "
                    + "contain two in a row, must not start with AWS. or Amazon., and are at most 256 characters.");
        }
    }

    private static void validateNumber(String name, String value) {
        try {
            BigDecimal number = new BigDecimal(value.trim());
            if (number.precision() > 38) {
                throw new NumberFormatException("more than 38 significant digits");
            }
        } catch (NumberFormatException e) {
            throw SnsFault.invalidParameterValue("Could not cast message attribute '" + name + "' value to number.");
        }
    }

    private void validateStringArray(String name, String value) {
        try {
            JsonNode array = json.readTree(value);
            if (array != null && array.isArray()) {
                boolean scalars = true;
                for (JsonNode element : array) {
                    scalars &= element.isValueNode();
                }
                if (scalars) {
                    return;
                }
            }
        } catch (JsonProcessingException ignored) {
            // reported below
        }
        throw SnsFault.invalidParameterValue("The message attribute '" + name + "' with type 'String.Array' must be a "
                + "JSON array of strings, numbers, true, false or null.");
    }

    private PublishedMessage publish(Topic topic, PublishInput input) {
        String messageId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        List<Subscription> targets;
        String signatureVersion;
        synchronized (lock) {
            targets = subscriptions.values().stream().filter(s -> s.topicArn.equals(topic.arn)).toList();
            signatureVersion = topic.attributes.getOrDefault("SignatureVersion", "1");
        }
        List<String> deliveredTo = new ArrayList<>();
        for (Subscription subscription : targets) {
            FilterPolicy filter = subscription.filter;
            if (filter != null && !filter.matches(input.attributes(), input.sqsMessage())) {
                continue;
            }
            if (deliver(subscription, topic, input, messageId, now, signatureVersion)) {
                deliveredTo.add(subscription.arn);
            }
        }
        PublishedMessage message = new PublishedMessage(messageId, topic.arn, input.subject(), input.message(),
                input.messageStructure(), input.attributes(), now, deliveredTo);
        published.computeIfAbsent(topic.arn, arn -> new CopyOnWriteArrayList<>()).add(message);
        return message;
    }

    private boolean deliver(Subscription subscription, Topic topic, PublishInput input, String messageId,
                            Instant timestamp, String signatureVersion) {
        if (sqs == null) {
            return false;
        }
        try {
            String queueUrl = sqs.getQueueUrl(r -> r.queueName(subscription.queueName())).queueUrl();
            SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queueUrl);
            if (subscription.raw) {
                Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
                input.attributes().forEach((name, value) -> attributes.put(name, value.isBinary()
                        ? MessageAttributeValue.builder().dataType(value.dataType())
                                .binaryValue(SdkBytes.fromByteArray(value.binaryValue())).build()
                        : MessageAttributeValue.builder().dataType(value.dataType())
                                .stringValue(value.stringValue()).build()));
                send.messageBody(input.sqsMessage()).messageAttributes(attributes);
            } else {
                send.messageBody(envelope(subscription, topic, input, messageId, timestamp, signatureVersion));
            }
            sqs.sendMessage(send.build());
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SNS emulator could not deliver message " + messageId + " to "
                    + subscription.endpoint + ": " + e);
            deliveryFailures.add(new DeliveryFailure(subscription.arn, messageId, subscription.endpoint, e.toString(),
                    Instant.now()));
            return false;
        }
    }

    /** The JSON notification SNS puts in the SQS message body when raw delivery is off. */
    private String envelope(Subscription subscription, Topic topic, PublishInput input, String messageId,
                            Instant timestamp, String signatureVersion) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", messageId);
        envelope.put("TopicArn", topic.arn);
        if (input.subject() != null) {
            envelope.put("Subject", input.subject());
        }
        envelope.put("Message", input.sqsMessage());
        envelope.put("Timestamp", TIMESTAMP.format(timestamp));
        envelope.put("SignatureVersion", signatureVersion);
        envelope.put("Signature", UNSIGNED_SIGNATURE);
        envelope.put("SigningCertURL", endpoint() + "/SimpleNotificationService-emulator.pem");
        envelope.put("UnsubscribeURL", endpoint() + "/?Action=Unsubscribe&SubscriptionArn=" + subscription.arn);
        if (!input.attributes().isEmpty()) {
            ObjectNode attributes = envelope.putObject("MessageAttributes");
            input.attributes().forEach((name, value) -> attributes.putObject(name)
                    .put("Type", value.dataType())
                    .put("Value", value.isBinary()
                            ? Base64.getEncoder().encodeToString(value.binaryValue())
                            : value.stringValue()));
        }
        try {
            return envelopeWriter.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int nextToken(QueryRequest request) {
        String token = request.get("NextToken");
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            int from = Integer.parseInt(token);
            if (from >= 0) {
                return from;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw SnsFault.invalidParameter("NextToken");
    }
}
