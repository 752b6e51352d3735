package health.pipeline.localcloud.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import health.pipeline.emulators.kms.KmsEmulator;
import health.pipeline.emulators.sns.SnsEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS services of the pipeline on loopback: S3 (S3Proxy, transient store) with landing notifications, SQS
 * (ElasticMQ) with dead-letter queues and redrive, KMS and SNS (thin emulators), and the resources the Terraform
 * modules create on AWS: buckets, queues, keys, topics and subscriptions.
 */
public final class LocalCloud implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final List<String> ZONES = List.of("landing", "raw", "quarantine", "deid", "models", "audit-archive");
    /** The functions, in pipeline order. */
    public static final List<String> FUNCTIONS = List.of("ingestion", "deidentification", "scoring", "audit-writer");
    /**
     * The queues each function's event source mappings read, each with a dead-letter queue {@code <name>-dlq}.
     * Scoring reads two: de-identified records, and model-governance events (promotion, rollback); the audit writer
     * reads audit events and its maintenance requests (checkpoints due by time, retention runs).
     */
    public static final Map<String, List<String>> FUNCTION_QUEUES = Map.of(
            "ingestion", List.of("ingest-queue"),
            "deidentification", List.of("deidentify-queue"),
            "scoring", List.of("scoring-queue", "model-governance-queue"),
            "audit-writer", List.of("audit-queue", "audit-maintenance-queue"));
    /** Every queue a function reads, in pipeline order. */
    public static final List<String> PIPELINE_QUEUES = FUNCTIONS.stream()
            .flatMap(function -> FUNCTION_QUEUES.get(function).stream()).toList();
    public static final String CLINICIAN_TOPIC = "clinician-notifications";
    public static final String REJECTIONS_TOPIC = "ingest-rejections";
    /** A subscriber without a filter policy, as a clinician integration would subscribe, raw delivery. */
    public static final String CLINICIAN_INBOX = "clinician-inbox";
    public static final String OPERATIONS_INBOX = "operations-inbox";
    /** Receives before a message is dead-lettered, and the local visibility timeout (AWS: 6x the function timeout). */
    public static final int MAX_RECEIVE_COUNT = 3;
    public static final int VISIBILITY_TIMEOUT_SECONDS = 4;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> keyArns = new LinkedHashMap<>();
    private final Map<String, String> topicArns = new LinkedHashMap<>();
    private URI s3Endpoint;
    private URI sqsEndpoint;
    private URI kmsEndpoint;
    private URI snsEndpoint;
    private S3Client s3;
    private SqsClient sqs;
    private KmsClient kms;
    private SnsClient sns;
    private String pseudonymSecretCiphertext;

    public static LocalCloud start() throws Exception {
        LocalCloud cloud = new LocalCloud();
        try {
            cloud.startServices();
            cloud.provision();
            return cloud;
        } catch (Exception e) {
            cloud.close();
            throw e;
        }
    }

    private void startServices() throws Exception {
        int sqsPort = FreePorts.next();
        SQSRestServer elasticMq = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1")
                .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, "")).withAWSRegion(REGION)
                .withAWSAccountId("000000000000").start();
        elasticMq.waitUntilStarted();
        running.add(() -> elasticMq.stopAndGetFuture().apply());
        sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
        sqs = configure(SqsClient.builder(), sqsEndpoint).build();
        running.add(sqs);
        for (String queue : PIPELINE_QUEUES) {
            String dlqUrl = sqs.createQueue(b -> b.queueName(queue + "-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String url = sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(VISIBILITY_TIMEOUT_SECONDS),
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")))
                    .queueUrl();
            queueUrls.put(queue, url);
            queueUrls.put(queue + "-dlq", dlqUrl);
        }
        for (String inbox : List.of(CLINICIAN_INBOX, OPERATIONS_INBOX)) {
            queueUrls.put(inbox, sqs.createQueue(b -> b.queueName(inbox)).queueUrl());
        }

        int s3Port = FreePorts.next();
        s3Endpoint = URI.create("http://127.0.0.1:" + s3Port);
        S3Proxy s3Proxy = S3Proxy.builder()
                .blobStore(new LandingNotifications(new TransientNio2BlobStore(), "landing", sqs,
                        queueUrls.get("ingest-queue"), REGION))
                .endpoint(s3Endpoint).awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3Proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(s3Proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        running.add(s3Proxy::stop);
        s3 = configure(S3Client.builder(), s3Endpoint).forcePathStyle(true).build();
        running.add(s3);

        KmsEmulator kmsEmulator = KmsEmulator.start(0);
        running.add(kmsEmulator);
        kmsEndpoint = kmsEmulator.endpoint();
        kms = configure(KmsClient.builder(), kmsEndpoint).build();
        running.add(kms);

        SnsEmulator snsEmulator = SnsEmulator.start(0, sqs);
        running.add(snsEmulator);
        snsEndpoint = snsEmulator.endpoint();
        sns = configure(SnsClient.builder(), snsEndpoint).build();
        running.add(sns);
    }

    private void provision() {
        for (String zone : ZONES) {
            s3.createBucket(b -> b.bucket(zone));
        }
        for (String dataClass : List.of("raw", "deid", "audit", "pseudonym", "logs")) {
            var key = kms.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .description("health-pipeline " + dataClass + " data key")).keyMetadata();
            kms.createAlias(b -> b.aliasName("alias/health-pipeline-" + dataClass).targetKeyId(key.keyId()));
            keyArns.put(dataClass, key.arn());
        }
        var signing = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)
                .description("health-pipeline audit checkpoint signing key")).keyMetadata();
        kms.createAlias(b -> b.aliasName("alias/health-pipeline-audit-signing").targetKeyId(signing.keyId()));
        keyArns.put("audit-signing", signing.arn());
        // The pseudonymisation secret: a data key that no one ever sees in plaintext outside a function's memory.
        var secret = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(keyArns.get("pseudonym"))
                .numberOfBytes(32).encryptionContext(Map.of("purpose", "pseudonymisation")));
        pseudonymSecretCiphertext = Base64.getEncoder().encodeToString(secret.ciphertextBlob().asByteArray());

        for (String topic : List.of(CLINICIAN_TOPIC, REJECTIONS_TOPIC)) {
            topicArns.put(topic, sns.createTopic(b -> b.name(topic)
                    .attributes(Map.of("KmsMasterKeyId", keyArns.get("deid")))).topicArn());
        }
        subscribe(CLINICIAN_TOPIC, CLINICIAN_INBOX);
        subscribe(REJECTIONS_TOPIC, OPERATIONS_INBOX);
    }

    private void subscribe(String topic, String queue) {
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrls.get(queue))
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArns.get(topic)).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")));
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.httpClient(UrlConnectionHttpClient.create());
        builder.endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(30)).build());
        return builder;
    }

    /**
     * The configuration a function receives as Lambda environment variables; on AWS, Terraform sets the same names
     * with real bucket names, queue URLs, topic and key ARNs.
     */
    public Map<String, String> environmentFor(String function) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("PIPELINE_AWS_REGION", REGION);
        env.put("PIPELINE_AWS_S3_ENDPOINT_OVERRIDE", s3Endpoint.toString());
        env.put("PIPELINE_AWS_SQS_ENDPOINT_OVERRIDE", sqsEndpoint.toString());
        env.put("PIPELINE_AWS_KMS_ENDPOINT_OVERRIDE", kmsEndpoint.toString());
        env.put("PIPELINE_AWS_SNS_ENDPOINT_OVERRIDE", snsEndpoint.toString());
        env.put("PIPELINE_CHANNELS_AUDIT_QUEUE", "sqs:" + queueUrls.get("audit-queue"));
        switch (function) {
            case "ingestion" -> {
                env.put("PIPELINE_BUCKETS_RAW", "raw");
                env.put("PIPELINE_BUCKETS_QUARANTINE", "quarantine");
                env.put("PIPELINE_KEYS_RAW", keyArns.get("raw"));
                env.put("PIPELINE_CHANNELS_DEIDENTIFY_QUEUE", "sqs:" + queueUrls.get("deidentify-queue"));
                env.put("PIPELINE_CHANNELS_INGEST_REJECTIONS", "sns:" + topicArns.get(REJECTIONS_TOPIC));
                // Landed files are named by keyed references of their keys, which are PHI (docs/adr/0070).
                env.put("PIPELINE_PSEUDONYM_SECRET_CIPHERTEXT", pseudonymSecretCiphertext);
            }
            case "deidentification" -> {
                env.put("PIPELINE_BUCKETS_DEID", "deid");
                env.put("PIPELINE_KEYS_DEID", keyArns.get("deid"));
                env.put("PIPELINE_PSEUDONYM_SECRET_CIPHERTEXT", pseudonymSecretCiphertext);
                env.put("PIPELINE_CHANNELS_SCORING_QUEUE", "sqs:" + queueUrls.get("scoring-queue"));
            }
            case "scoring" -> {
                env.put("PIPELINE_BUCKETS_MODELS", "models");
                env.put("PIPELINE_BUCKETS_DEID", "deid");
                env.put("PIPELINE_KEYS_DEID", keyArns.get("deid"));
                env.put("PIPELINE_CHANNELS_CLINICIAN_NOTIFICATIONS", "sns:" + topicArns.get(CLINICIAN_TOPIC));
                env.put("PIPELINE_KEYS_MODELS", keyArns.get("deid"));
                // A promotion shows within a second here; on AWS warm instances re-read the pointer every minute.
                env.put("PIPELINE_SCORING_MODEL_REFRESH", "PT1S");
            }
            case "audit-writer" -> {
                env.put("PIPELINE_BUCKETS_AUDIT_ARCHIVE", "audit-archive");
                env.put("PIPELINE_KEYS_AUDIT_SIGNING", keyArns.get("audit-signing"));
                env.put("PIPELINE_CHANNELS_AUDIT_MAINTENANCE_QUEUE", "sqs:" + queueUrls.get("audit-maintenance-queue"));
                // Small enough that a run over the samples writes several signed checkpoints, and that the last
                // entries are signed by the writer's delayed checkpoint request a few seconds after they arrive.
                env.put("PIPELINE_AUDIT_CHECKPOINT_EVERY_ENTRIES", "25");
                env.put("PIPELINE_AUDIT_CHECKPOINT_EVERY", "PT5S");
                // On AWS six years; here every entry is past retention, so that a run shows the archiving that the
                // daily schedule asks for (LocalPipeline.requestRetention).
                env.put("PIPELINE_AUDIT_RETENTION_PERIOD", "PT0S");
            }
            default -> throw new IllegalArgumentException("unknown function " + function);
        }
        return env;
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public KmsClient kms() {
        return kms;
    }

    public String queueUrl(String queue) {
        String url = queueUrls.get(queue);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        return url;
    }

    public String queueArn(String queue) {
        return "arn:aws:sqs:" + REGION + ":000000000000:" + queue;
    }

    public String keyArn(String dataClass) {
        return keyArns.get(dataClass);
    }

    /** The DER public key of the audit checkpoint signing key, as a verifier outside KMS gets it. */
    public byte[] auditSigningPublicKey() {
        return kms.getPublicKey(b -> b.keyId(keyArns.get("audit-signing"))).publicKey().asByteArray();
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                // best effort: the process is ending
            }
        }
        running.clear();
    }
}
