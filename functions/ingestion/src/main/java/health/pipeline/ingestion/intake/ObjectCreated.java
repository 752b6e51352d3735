package health.pipeline.ingestion.intake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One "object created" record of an S3 event notification. The key arrives URL-encoded (spaces as '+'), as S3
 * sends it; {@link #key()} is decoded.
 */
public record ObjectCreated(String bucket, String key, long size, String etag, String versionId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The object-created records of a notification. S3's configuration {@code s3:TestEvent} and other event kinds
     * give an empty list.
     */
    public static List<ObjectCreated> parse(String notification) {
        JsonNode root;
        try {
            root = JSON.readTree(notification);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the queue message is not an S3 event notification (not JSON)");
        }
        List<ObjectCreated> created = new ArrayList<>();
        for (JsonNode record : root.path("Records")) {
            if (!"aws:s3".equals(record.path("eventSource").asText())
                    || !record.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode object = record.path("s3").path("object");
            created.add(new ObjectCreated(record.path("s3").path("bucket").path("name").asText(),
                    URLDecoder.decode(object.path("key").asText(), StandardCharsets.UTF_8),
                    object.path("size").asLong(), object.path("eTag").asText().replace("\"", ""),
                    object.hasNonNull("versionId") ? object.get("versionId").asText() : null));
        }
        return created;
    }
}
