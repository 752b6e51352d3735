package health.pipeline.localcloud.lambda;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, with {@code ReportBatchItemFailures}: receive a batch, invoke the
 * function with the SQS event JSON Lambda sends, delete the messages that succeeded, and leave the reported failures
 * (or the whole batch, if the invocation failed) to become visible again after the visibility timeout; the queue's
 * redrive policy moves a message that keeps failing to its dead-letter queue.
 */
public final class EventSourceMapping implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PackagedFunction function;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean busy = new AtomicBoolean(false);
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    public EventSourceMapping(PackagedFunction function, SqsClient sqs, String queueUrl, String queueArn, String region,
            int batchSize) {
        this.function = function;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batchSize = batchSize;
        this.thread = new Thread(this::poll, "esm-" + function.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        while (running.get()) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                sleep(500);
                continue;
            }
            if (messages.isEmpty()) {
                continue;
            }
            busy.set(true);
            try {
                handle(messages);
            } finally {
                lastActivity.set(System.nanoTime());
                busy.set(false);
            }
        }
    }

    private void handle(List<Message> messages) {
        Set<String> failed = new HashSet<>();
        try {
            String response = function.invoke(event(messages), Duration.ofSeconds(120)).join();
            JsonNode failures = response == null || response.isBlank() ? JSON.missingNode()
                    : JSON.readTree(response).path("batchItemFailures");
            failures.forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        } catch (Exception e) {
            // The invocation failed as a whole: Lambda deletes nothing, every message returns after its timeout.
            messages.forEach(m -> failed.add(m.messageId()));
        }
        var succeeded = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!succeeded.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(succeeded));
        }
    }

    /** The event exactly as Lambda's SQS event source mapping builds it. */
    String event(List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
                attributes.put(a.getKey().toString(), a.getValue());
            }
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> {
                ObjectNode attribute = messageAttributes.putObject(name);
                attribute.put("stringValue", value.stringValue());
                attribute.putArray("stringListValues");
                attribute.putArray("binaryListValues");
                attribute.put("dataType", value.dataType());
            });
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event.toString();
    }

    public boolean isBusy() {
        return busy.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
