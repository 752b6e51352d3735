package health.pipeline.localcloud.cloud;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;

import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3's event notification for the landing bucket: after every object created there (put, copy, multipart upload),
 * the ingest queue receives a notification in AWS's exact JSON shape (eventVersion 2.1), as the bucket notification
 * configuration does on AWS.
 */
final class LandingNotifications extends ForwardingBlobStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String landingBucket;
    private final SqsClient sqs;
    private final String ingestQueueUrl;
    private final String region;
    private final AtomicLong sequencer = new AtomicLong(System.nanoTime());

    LandingNotifications(BlobStore delegate, String landingBucket, SqsClient sqs, String ingestQueueUrl, String region) {
        super(delegate);
        this.landingBucket = landingBucket;
        this.sqs = sqs;
        this.ingestQueueUrl = ingestQueueUrl;
        this.region = region;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        notifyCreated(request.bucket(), request.key(), "ObjectCreated:Put");
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        notifyCreated(request.destinationBucket(), request.destinationKey(), "ObjectCreated:Copy");
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            org.gaul.s3proxy.blobstore.domain.MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        notifyCreated(request.bucket(), request.key(), "ObjectCreated:CompleteMultipartUpload");
        return response;
    }

    private void notifyCreated(String bucket, String key, String eventName) {
        if (!landingBucket.equals(bucket)) {
            return;
        }
        var head = delegate().blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        sqs.sendMessage(b -> b.queueUrl(ingestQueueUrl).messageBody(notification(bucket, key, head.contentLength(),
                head.eTag() == null ? "" : head.eTag().replace("\"", ""), eventName)));
    }

    String notification(String bucket, String key, long size, String etag, String eventName) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", Instant.now().toString());
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:LOCALUPLOADER");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", UUID.randomUUID().toString().replace("-", "")
                .substring(0, 16).toUpperCase()).put("x-amz-id-2", UUID.randomUUID().toString());
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "landing-object-created");
        ObjectNode bucketNode = s3.putObject("bucket");
        bucketNode.put("name", bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", "LOCALOWNER");
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        // S3 URL-encodes keys in notifications the way HTML forms do (space as '+'), leaving '/' as is.
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", size);
        object.put("eTag", etag);
        object.put("sequencer", String.format("%016X", sequencer.incrementAndGet()));
        return root.toString();
    }
}
