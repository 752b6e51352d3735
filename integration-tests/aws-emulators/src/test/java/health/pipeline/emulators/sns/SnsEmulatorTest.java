package health.pipeline.emulators.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SnsEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private static SQSRestServer elasticMq;
    private static SqsClient sqs;
    private static SnsEmulator emulator;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000").start();
        int sqsPort = elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        emulator = SnsEmulator.start(0, sqs);
        sns = SnsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        sns.close();
        emulator.close();
        sqs.close();
        elasticMq.stopAndWait();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private record Queue(String url, String arn) {
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String topic() {
        return sns.createTopic(r -> r.name(unique("topic"))).topicArn();
    }

    private static Queue queue() {
        String url = sqs.createQueue(r -> r.queueName(unique("queue"))).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private static String subscribe(String topicArn, Queue queue, Map<String, String> attributes) {
        return sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
                .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
    }

    /** Everything currently in the queue (delivery is synchronous, so it is all there once Publish returned). */
    private static List<Message> drain(Queue queue) {
        List<Message> messages = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return messages;
            }
            messages.addAll(batch);
        }
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static MessageAttributeValue number(String value) {
        return MessageAttributeValue.builder().dataType("Number").stringValue(value).build();
    }

    private static MessageAttributeValue stringArray(String json) {
        return MessageAttributeValue.builder().dataType("String.Array").stringValue(json).build();
    }

    private static Map<String, MessageAttributeValue> attributes(Object... nameValuePairs) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            attributes.put((String) nameValuePairs[i], (MessageAttributeValue) nameValuePairs[i + 1]);
        }
        return attributes;
    }

    private static PublishBatchRequestEntry entry(String id, String message, Map<String, MessageAttributeValue> attributes) {
        return PublishBatchRequestEntry.builder().id(id).message(message).messageAttributes(attributes).build();
    }

    /** A topic with one raw-delivery subscription that has the given filter policy. */
    private static final class FilteredSubscription {
        final String topicArn = topic();
        final Queue queue = queue();
        final String subscriptionArn;

        FilteredSubscription(String filterPolicy) {
            this(filterPolicy, "MessageAttributes");
        }

        FilteredSubscription(String filterPolicy, String scope) {
            subscriptionArn = subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true",
                    "FilterPolicy", filterPolicy, "FilterPolicyScope", scope));
        }

        FilteredSubscription publish(String body, Map<String, MessageAttributeValue> attributes) {
            sns.publish(r -> r.topicArn(topicArn).message(body).messageAttributes(attributes));
            return this;
        }

        FilteredSubscription publish(String body) {
            return publish(body, Map.of());
        }

        List<String> deliveredBodies() {
            return drain(queue).stream().map(Message::body).toList();
        }
    }

    // ------------------------------------------------------------------------------------------ topics

    @Test
    void shouldListTopicAndKeepAttributes_whenTopicCreated() {
        String name = unique("orders");

        String arn = sns.createTopic(r -> r.name(name).attributes(Map.of("KmsMasterKeyId", "alias/pipeline"))).topicArn();
        String again = sns.createTopic(r -> r.name(name)).topicArn();

        assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:000000000000:" + name).isEqualTo(again);
        assertThat(sns.listTopicsPaginator().topics()).extracting(Topic::topicArn).contains(arn);
        Map<String, String> attributes = sns.getTopicAttributes(r -> r.topicArn(arn)).attributes();
        assertThat(attributes)
                .containsEntry("KmsMasterKeyId", "alias/pipeline")
                .containsEntry("TopicArn", arn)
                .containsEntry("Owner", "000000000000")
                .containsKey("Policy");
        assertThatThrownBy(() -> sns.createTopic(r -> r.name(name).attributes(Map.of("KmsMasterKeyId", "alias/other"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void shouldRemoveTopic_whenTopicDeleted() {
        String arn = topic();

        sns.deleteTopic(r -> r.topicArn(arn));

        assertThat(sns.listTopicsPaginator().topics()).extracting(Topic::topicArn).doesNotContain(arn);
        assertThatThrownBy(() -> sns.getTopicAttributes(r -> r.topicArn(arn)))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void shouldThrowNotFound_whenPublishingToUnknownTopic() {
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(emulator.topicArn("no-such-topic")).message("x")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Topic does not exist");
    }

    @Test
    void shouldRejectAttribute_whenNumberAttributeIsNotNumeric() {
        String topicArn = topic();

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topicArn).message("x")
                .messageAttributes(attributes("score", number("high")))))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    // ------------------------------------------------------------------------------------------ delivery

    @Test
    void shouldDeliverBodyAndAttributes_whenRawMessageDeliveryEnabled() {
        String topicArn = topic();
        Queue queue = queue();
        subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));

        PublishResponse published = sns.publish(r -> r.topicArn(topicArn).message("{\"patientId\":\"p-1\"}")
                .messageAttributes(attributes(
                        "eventType", string("record.deidentified"),
                        "score", number("0.42"),
                        "tags", stringArray("[\"a\",\"b\"]"),
                        "digest", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build())));

        List<Message> messages = drain(queue);
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        assertThat(message.body()).isEqualTo("{\"patientId\":\"p-1\"}");
        assertThat(message.messageAttributes().get("eventType").stringValue()).isEqualTo("record.deidentified");
        assertThat(message.messageAttributes().get("eventType").dataType()).isEqualTo("String");
        assertThat(message.messageAttributes().get("score").stringValue()).isEqualTo("0.42");
        assertThat(message.messageAttributes().get("score").dataType()).isEqualTo("Number");
        assertThat(message.messageAttributes().get("tags").stringValue()).isEqualTo("[\"a\",\"b\"]");
        assertThat(message.messageAttributes().get("digest").binaryValue().asByteArray()).containsExactly(1, 2, 3);
        assertThat(emulator.published(topicArn)).singleElement()
                .satisfies(p -> {
                    assertThat(p.messageId()).isEqualTo(published.messageId());
                    assertThat(p.attribute("eventType")).isEqualTo("record.deidentified");
                    assertThat(p.deliveredTo()).hasSize(1);
                });
    }

    @Test
    void shouldDeliverNotificationEnvelope_whenRawMessageDeliveryDisabled() throws Exception {
        String topicArn = topic();
        Queue queue = queue();
        String subscriptionArn = subscribe(topicArn, queue, Map.of());

        PublishResponse published = sns.publish(r -> r.topicArn(topicArn).subject("Score ready").message("hello")
                .messageAttributes(attributes("eventType", string("score.ready"), "score", number("7"))));

        List<Message> messages = drain(queue);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).messageAttributes()).isEmpty();
        JsonNode envelope = JSON.readTree(messages.get(0).body());
        assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.get("MessageId").asText()).isEqualTo(published.messageId());
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(envelope.get("Subject").asText()).isEqualTo("Score ready");
        assertThat(envelope.get("Message").asText()).isEqualTo("hello");
        assertThat(Instant.parse(envelope.get("Timestamp").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(envelope.get("SignatureVersion").asText()).isEqualTo("1");
        assertThat(envelope.get("Signature").asText()).isNotEmpty();
        assertThat(envelope.get("SigningCertURL").asText()).endsWith(".pem");
        assertThat(envelope.get("UnsubscribeURL").asText())
                .contains("Action=Unsubscribe").endsWith("SubscriptionArn=" + subscriptionArn);
        assertThat(envelope.get("MessageAttributes").get("eventType").get("Type").asText()).isEqualTo("String");
        assertThat(envelope.get("MessageAttributes").get("eventType").get("Value").asText()).isEqualTo("score.ready");
        assertThat(envelope.get("MessageAttributes").get("score").get("Type").asText()).isEqualTo("Number");
        assertThat(envelope.get("MessageAttributes").get("score").get("Value").asText()).isEqualTo("7");
        assertThat(envelope.fieldNames()).toIterable().containsExactly("Type", "MessageId", "TopicArn", "Subject",
                "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL",
                "MessageAttributes");
    }

    @Test
    void shouldOmitSubjectAndAttributes_whenPublishedWithoutThem() throws Exception {
        String topicArn = topic();
        Queue queue = queue();
        subscribe(topicArn, queue, Map.of("RawMessageDelivery", "false"));

        sns.publish(r -> r.topicArn(topicArn).message("plain"));

        JsonNode envelope = JSON.readTree(drain(queue).get(0).body());
        assertThat(envelope.has("Subject")).isFalse();
        assertThat(envelope.has("MessageAttributes")).isFalse();
    }

    @Test
    void shouldUnsubscribe_whenEnvelopeUnsubscribeUrlFetched() throws Exception {
        String topicArn = topic();
        Queue queue = queue();
        subscribe(topicArn, queue, Map.of());
        sns.publish(r -> r.topicArn(topicArn).message("first"));
        String unsubscribeUrl = JSON.readTree(drain(queue).get(0).body()).get("UnsubscribeURL").asText();

        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(HttpRequest.newBuilder(URI.create(unsubscribeUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        sns.publish(r -> r.topicArn(topicArn).message("second"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<UnsubscribeResponse");
        assertThat(drain(queue)).isEmpty();
    }

    @Test
    void shouldPublishThroughDefaultAsyncNettyClient_whenUsingSnsAsyncClient() throws Exception {
        String topicArn = topic();
        Queue queue = queue();
        subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));

        try (SnsAsyncClient async = SnsAsyncClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(CREDENTIALS)
                .build()) {
            String messageId = async.publish(r -> r.topicArn(topicArn).message("async")
                    .messageAttributes(attributes("kind", string("async"))))
                    .get(10, TimeUnit.SECONDS).messageId();

            assertThat(messageId).isNotBlank();
        }
        assertThat(drain(queue)).extracting(Message::body).containsExactly("async");
    }

    @Test
    void shouldStopDelivery_whenUnsubscribed() {
        String topicArn = topic();
        Queue queue = queue();
        String subscriptionArn = subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
        sns.publish(r -> r.topicArn(topicArn).message("before"));

        sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn));
        sns.publish(r -> r.topicArn(topicArn).message("after"));

        assertThat(drain(queue)).extracting(Message::body).containsExactly("before");
        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions()).isEmpty();
        assertThatThrownBy(() -> sns.unsubscribe(r -> r.subscriptionArn(subscriptionArn)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldListSubscriptionAndAttributes_whenSubscribed() {
        String topicArn = topic();
        Queue queue = queue();
        String subscriptionArn = subscribe(topicArn, queue,
                Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"a\":[\"b\"]}"));

        assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
                .extracting(Subscription::subscriptionArn, Subscription::protocol, Subscription::endpoint)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(subscriptionArn, "sqs", queue.arn()));
        assertThat(sns.getSubscriptionAttributes(r -> r.subscriptionArn(subscriptionArn)).attributes())
                .containsEntry("RawMessageDelivery", "true")
                .containsEntry("FilterPolicy", "{\"a\":[\"b\"]}")
                .containsEntry("FilterPolicyScope", "MessageAttributes")
                .containsEntry("PendingConfirmation", "false")
                .containsEntry("Endpoint", queue.arn());
        assertThat(subscribe(topicArn, queue, Map.of())).isEqualTo(subscriptionArn);
    }

    @Test
    void shouldApplyNewFilter_whenSetSubscriptionAttributesChangesFilterPolicy() {
        FilteredSubscription subscription = new FilteredSubscription("{\"kind\":[\"a\"]}");
        subscription.publish("1", attributes("kind", string("a"))).publish("2", attributes("kind", string("b")));

        sns.setSubscriptionAttributes(r -> r.subscriptionArn(subscription.subscriptionArn)
                .attributeName("FilterPolicy").attributeValue("{\"kind\":[\"b\"]}"));
        subscription.publish("3", attributes("kind", string("a"))).publish("4", attributes("kind", string("b")));

        assertThat(subscription.deliveredBodies()).containsExactly("1", "4");
    }

    @Test
    void shouldRecordDeliveryFailure_whenQueueDoesNotExist() {
        String topicArn = topic();
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint("arn:aws:sqs:us-east-1:000000000000:missing-queue"));

        String messageId = sns.publish(r -> r.topicArn(topicArn).message("lost")).messageId();

        assertThat(emulator.deliveryFailures()).anySatisfy(f -> assertThat(f.messageId()).isEqualTo(messageId));
        assertThat(emulator.published(topicArn)).singleElement().satisfies(p -> assertThat(p.deliveredTo()).isEmpty());
    }

    @Test
    void shouldDeliverEachEntry_whenPublishBatchCalled() {
        FilteredSubscription subscription = new FilteredSubscription("{\"kind\":[\"keep\"]}");

        PublishBatchResponse response = sns.publishBatch(r -> r.topicArn(subscription.topicArn).publishBatchRequestEntries(
                List.of(entry("one", "1", attributes("kind", string("keep"))),
                        entry("two", "2", attributes("kind", string("drop"))),
                        entry("three", "3", attributes("kind", number("not-a-number"))))));

        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("one", "two");
        assertThat(response.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("three");
            assertThat(f.code()).isEqualTo("ParameterValueInvalid");
            assertThat(f.senderFault()).isTrue();
        });
        assertThat(subscription.deliveredBodies()).containsExactly("1");
    }

    @Test
    void shouldRejectSubscription_whenProtocolIsNotSqs() {
        String topicArn = topic();

        assertThatThrownBy(() -> sns.subscribe(r -> r.topicArn(topicArn).protocol("https").endpoint("https://example.invalid/")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("sqs");
    }

    // ------------------------------------------------------------------------------------------ filter policies

    @Test
    void shouldDeliverOnlyListedValues_whenFilterUsesExactStrings() {
        FilteredSubscription subscription = new FilteredSubscription("{\"event\":[\"order_placed\",\"order_cancelled\"]}")
                .publish("placed", attributes("event", string("order_placed")))
                .publish("cancelled", attributes("event", string("order_cancelled")))
                .publish("shipped", attributes("event", string("order_shipped")))
                .publish("case", attributes("event", string("ORDER_PLACED")))
                .publish("array", attributes("event", stringArray("[\"x\",\"order_placed\"]")))
                .publish("other-attribute", attributes("kind", string("order_placed")))
                .publish("no-attributes");

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("placed", "cancelled", "array");
    }

    @Test
    void shouldCompareAsStrings_whenAttributeIsStringTrueOrFalse() {
        FilteredSubscription asString = new FilteredSubscription("{\"consented\":[\"true\"]}")
                .publish("true", attributes("consented", string("true")))
                .publish("false", attributes("consented", string("false")));
        FilteredSubscription asBoolean = new FilteredSubscription("{\"consented\":[true]}")
                .publish("string-true", attributes("consented", string("true")));

        assertThat(asString.deliveredBodies()).containsExactly("true");
        assertThat(asBoolean.deliveredBodies()).isEmpty();
    }

    @Test
    void shouldDeliverOnlyValuesInRange_whenFilterUsesNumericRange() {
        FilteredSubscription subscription = new FilteredSubscription("{\"score\":[{\"numeric\":[\">=\",0,\"<\",0.5]}]}")
                .publish("zero", attributes("score", number("0")))
                .publish("quarter", attributes("score", number("0.25")))
                .publish("exponent", attributes("score", number("2.5e-1")))
                .publish("half", attributes("score", number("0.5")))
                .publish("negative", attributes("score", number("-1")))
                .publish("string-type", attributes("score", string("0.25")))
                .publish("missing", attributes("other", number("0.25")));

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("zero", "quarter", "exponent");
    }

    @Test
    void shouldMatchNumerically_whenFilterUsesNumericEquality() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"price\":[301.5],\"currency\":[{\"numeric\":[\"=\",978]}]}")
                .publish("same", attributes("price", number("301.5"), "currency", number("978")))
                .publish("exponent", attributes("price", number("3.015e2"), "currency", number("978.0")))
                .publish("different", attributes("price", number("301"), "currency", number("978")))
                .publish("string-type", attributes("price", string("301.5"), "currency", number("978")));

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("same", "exponent");
    }

    @Test
    void shouldDeliverOnlyMatchingPrefix_whenFilterUsesPrefix() {
        FilteredSubscription subscription = new FilteredSubscription("{\"region\":[{\"prefix\":\"eu-\"}]}")
                .publish("eu", attributes("region", string("eu-west-1")))
                .publish("us", attributes("region", string("us-east-1")))
                .publish("missing", attributes("zone", string("eu-west-1")));

        assertThat(subscription.deliveredBodies()).containsExactly("eu");
    }

    @Test
    void shouldDeliverEverythingElse_whenFilterUsesAnythingButList() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"status\":[{\"anything-but\":[\"rejected\",\"draft\"]}]}")
                .publish("approved", attributes("status", string("approved")))
                .publish("rejected", attributes("status", string("rejected")))
                .publish("draft", attributes("status", string("draft")))
                .publish("array-with-other", attributes("status", stringArray("[\"rejected\",\"approved\"]")))
                .publish("array-only-listed", attributes("status", stringArray("[\"rejected\",\"draft\"]")))
                .publish("missing", attributes("other", string("approved")));

        // A missing attribute does not match anything-but (combine with exists:false for that).
        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("approved", "array-with-other");
    }

    @Test
    void shouldExcludeSingleValueAndNumbers_whenFilterUsesAnythingButScalars() {
        FilteredSubscription single = new FilteredSubscription("{\"status\":[{\"anything-but\":\"rejected\"}]}")
                .publish("approved", attributes("status", string("approved")))
                .publish("rejected", attributes("status", string("rejected")));
        FilteredSubscription numbers = new FilteredSubscription("{\"price\":[{\"anything-but\":[100,500]}]}")
                .publish("101", attributes("price", number("101")))
                .publish("100", attributes("price", number("100")))
                .publish("100.0", attributes("price", number("100.0")));

        assertThat(single.deliveredBodies()).containsExactly("approved");
        assertThat(numbers.deliveredBodies()).containsExactly("101");
    }

    @Test
    void shouldExcludePrefix_whenFilterUsesAnythingButPrefix() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"source\":[{\"anything-but\":{\"prefix\":\"test-\"}}]}")
                .publish("prod", attributes("source", string("prod-ingest")))
                .publish("test", attributes("source", string("test-ingest")))
                .publish("missing", attributes("other", string("prod-ingest")));

        assertThat(subscription.deliveredBodies()).containsExactly("prod");
    }

    @Test
    void shouldDeliverOnlyWithAttribute_whenFilterUsesExistsTrue() {
        FilteredSubscription subscription = new FilteredSubscription("{\"traceId\":[{\"exists\":true}]}")
                .publish("present", attributes("traceId", string("abc")))
                .publish("number", attributes("traceId", number("1")))
                .publish("absent", attributes("other", string("abc")))
                .publish("no-attributes");

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("present", "number");
    }

    @Test
    void shouldDeliverOnlyWithoutAttribute_whenFilterUsesExistsFalse() {
        FilteredSubscription subscription = new FilteredSubscription("{\"traceId\":[{\"exists\":false}]}")
                .publish("absent", attributes("other", string("abc")))
                .publish("present", attributes("traceId", string("abc")))
                .publish("no-attributes");

        // AWS: "exists": false only matches a message that has at least one attribute.
        assertThat(subscription.deliveredBodies()).containsExactly("absent");
    }

    @Test
    void shouldMatchMissingOrOtherValue_whenAnythingButCombinedWithExistsFalse() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"status\":[{\"anything-but\":[\"rejected\"]},{\"exists\":false}]}")
                .publish("approved", attributes("status", string("approved")))
                .publish("missing", attributes("other", string("x")))
                .publish("rejected", attributes("status", string("rejected")));

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("approved", "missing");
    }

    @Test
    void shouldRequireEveryKey_whenFilterHasSeveralKeys() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"event\":[\"scored\"],\"score\":[{\"numeric\":[\">\",0.8]}],\"site\":[{\"prefix\":\"north\"}]}")
                .publish("all", attributes("event", string("scored"), "score", number("0.9"), "site", string("north-1")))
                .publish("low-score", attributes("event", string("scored"), "score", number("0.2"), "site", string("north-1")))
                .publish("no-score", attributes("event", string("scored"), "site", string("north-1")))
                .publish("wrong-site", attributes("event", string("scored"), "score", number("0.9"), "site", string("south")));

        assertThat(subscription.deliveredBodies()).containsExactly("all");
    }

    @Test
    void shouldMatchEitherBranch_whenFilterUsesOrOperator() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"source\":[\"ehr\"],\"$or\":[{\"priority\":[\"high\"]},{\"score\":[{\"numeric\":[\">=\",0.9]}]}]}")
                .publish("high", attributes("source", string("ehr"), "priority", string("high")))
                .publish("score", attributes("source", string("ehr"), "score", number("0.95")))
                .publish("neither", attributes("source", string("ehr"), "priority", string("low")))
                .publish("wrong-source", attributes("source", string("lab"), "priority", string("high")));

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder("high", "score");
    }

    @Test
    void shouldFilterOnMessageBody_whenScopeIsMessageBody() {
        FilteredSubscription subscription = new FilteredSubscription(
                "{\"type\":[\"risk-score\"],\"patient\":{\"risk\":[{\"numeric\":[\">=\",0.5]}],\"site\":[{\"exists\":true}]}}",
                "MessageBody");
        String high = "{\"type\":\"risk-score\",\"patient\":{\"risk\":0.7,\"site\":\"north\"}}";
        String low = "{\"type\":\"risk-score\",\"patient\":{\"risk\":0.2,\"site\":\"north\"}}";
        String noSite = "{\"type\":\"risk-score\",\"patient\":{\"risk\":0.9}}";
        String list = "{\"type\":[\"audit\",\"risk-score\"],\"patient\":{\"risk\":0.5,\"site\":\"south\"}}";

        subscription.publish(high)
                .publish(low)
                .publish(noSite)
                .publish(list)
                .publish("not json", attributes("type", string("risk-score")))
                .publish("{\"type\":\"other\"}", attributes("type", string("risk-score")));

        assertThat(subscription.deliveredBodies()).containsExactlyInAnyOrder(high, list);
    }

    @Test
    void shouldRejectPolicy_whenFilterPolicyInvalid() {
        String topicArn = topic();
        Queue queue = queue();

        assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("FilterPolicy", "{\"a\":{\"b\":[\"c\"]}}")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("nested");
        assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("FilterPolicy", "{\"a\":[{\"regex\":\"x\"}]}")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Unrecognized match type regex");
        assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("FilterPolicy",
                "{\"a\":[\"1\"],\"b\":[\"1\"],\"c\":[\"1\"],\"d\":[\"1\"],\"e\":[\"1\"],\"f\":[\"1\"]}")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("5 keys");
        assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("FilterPolicy", "{not json")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("FilterPolicy",
                "{\"a\":[{\"numeric\":[\"<\",5,\">\",1]}]}")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> subscribe(topicArn, queue, Map.of("FilterPolicy", "{\"a\":[\"b\"]}",
                "FilterPolicyScope", "Body")))
                .isInstanceOf(InvalidParameterException.class);
    }
}
