package health.pipeline.audit.trigger;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The parts of Lambda's SQS event the audit writer reads. It takes the whole batch (not Funqy's per-message
 * handling) so that one transaction appends every event of the batch: one chain-head lock and one commit per batch
 * instead of per event (docs/adr/0045).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsBatch(@JsonProperty("Records") List<Message> records) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String messageId, String body) {
    }

    /** The answer Lambda's event source mapping reads with ReportBatchItemFailures. */
    public record Response(List<ItemFailure> batchItemFailures) {

        static Response failing(List<String> messageIds) {
            return new Response(messageIds.stream().map(ItemFailure::new).toList());
        }
    }

    public record ItemFailure(String itemIdentifier) {
    }
}
