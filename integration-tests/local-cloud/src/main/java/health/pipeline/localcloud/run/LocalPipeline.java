package health.pipeline.localcloud.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.audit.store.schema.AuditSchema;
import health.pipeline.contracts.AuditMaintenance;
import health.pipeline.contracts.Envelope;
import health.pipeline.contracts.EventCodec;
import health.pipeline.contracts.EventTypes;
import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.localcloud.cloud.Database;
import health.pipeline.model.audit.CheckpointSignatures;
import health.pipeline.localcloud.cloud.LocalCloud;
import health.pipeline.localcloud.lambda.EventSourceMapping;
import health.pipeline.localcloud.lambda.PackagedFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on this machine: the local cloud, the audit database, and the four packaged functions fed by
 * event source mappings. The same class serves {@code ./pipeline local} and the end-to-end tests.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINES = new ObjectMapper();
    /** The audit writer's database login: a member of the INSERT-and-SELECT-only application role. */
    static final String AUDIT_WRITER_USER = "audit_writer_local";

    /**
     * @param functionsDir the repository's {@code functions/} folder, holding {@code <name>/target/function.zip}
     * @param modelsDir    model packages to load into the models zone ({@code active.json} and package folders)
     * @param databaseUrl  an existing PostgreSQL, or null for an embedded one
     */
    public record Options(Path functionsDir, Path modelsDir, Path workDir, Path logDir, String databaseUrl,
            PrintStream progress) {
    }

    private final Options options;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, EventSourceMapping> mappings = new LinkedHashMap<>();
    private final List<String> notifications = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    private LocalCloud cloud;
    private Database database;
    private int filesUploaded;

    private LocalPipeline(Options options) {
        this.options = options;
    }

    public static LocalPipeline start(Options options) throws Exception {
        LocalPipeline pipeline = new LocalPipeline(options);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(options.workDir());
        Files.createDirectories(options.logDir());
        say("starting the local cloud (S3Proxy, ElasticMQ, KMS and SNS emulators)");
        cloud = LocalCloud.start();
        resources.add(cloud);
        say(options.databaseUrl() == null ? "starting an embedded PostgreSQL for the audit trail"
                : "using the PostgreSQL at the given URL for the audit trail");
        database = options.databaseUrl() == null ? Database.embedded(options.workDir())
                : Database.fromUrl(options.databaseUrl());
        resources.add(database);
        // The deployment step: migrations as the schema owner, then a login in the append-only application role.
        String writerPassword = java.util.UUID.randomUUID().toString();
        AuditSchema.prepare(database.jdbcUrl(), database.user(), database.password(), AUDIT_WRITER_USER, writerPassword);
        loadModels();
        for (String name : LocalCloud.FUNCTIONS) {
            Map<String, String> env = new LinkedHashMap<>(cloud.environmentFor(name));
            if (name.equals("audit-writer")) {
                env.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
                env.put("QUARKUS_DATASOURCE_USERNAME", AUDIT_WRITER_USER);
                env.put("QUARKUS_DATASOURCE_PASSWORD", writerPassword);
            }
            PackagedFunction packaged = PackagedFunction.start(name, packageOf(name),
                    options.workDir().resolve("functions").resolve(name), env,
                    options.logDir().resolve(name + ".log"));
            resources.add(packaged);
            for (String queue : LocalCloud.FUNCTION_QUEUES.get(name)) {
                EventSourceMapping mapping = new EventSourceMapping(packaged, cloud.sqs(), cloud.queueUrl(queue),
                        cloud.queueArn(queue), LocalCloud.REGION, 10);
                resources.add(mapping);
                mappings.put(queue, mapping);
            }
        }
        say("started the packaged functions: " + String.join(", ", LocalCloud.FUNCTIONS));
    }

    /**
     * The deployment zip of a function: with {@code -Dpipeline.packages=native}, the native zip from
     * {@code native-build/dist/<name>.zip}; otherwise the JVM zip Quarkus packaged in {@code target/function.zip}.
     */
    private Path packageOf(String function) {
        if ("native".equals(System.getProperty("pipeline.packages"))) {
            return options.functionsDir().resolveSibling("native-build").resolve("dist").resolve(function + ".zip");
        }
        return options.functionsDir().resolve(function).resolve("target").resolve("function.zip");
    }

    private void loadModels() throws IOException {
        if (options.modelsDir() == null || !Files.isDirectory(options.modelsDir())) {
            say("no model packages found: scoring will fail closed");
            return;
        }
        try (Stream<Path> files = Files.walk(options.modelsDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = options.modelsDir().relativize(file).toString().replace('\\', '/');
                cloud.s3().putObject(b -> b.bucket("models").key(key), RequestBody.fromFile(file));
            }
        }
    }

    /** Uploads one file into the landing bucket, as an upstream system would. */
    public void upload(Path file, String key) {
        cloud.s3().putObject(b -> b.bucket("landing").key(key), RequestBody.fromFile(file));
        filesUploaded++;
    }

    /**
     * Uploads every input file under {@code inputDir}: a file in a sub-folder lands under that folder's name (the
     * upstream source), a top-level file under {@code local/}. The {@code models} folder (the models zone) and
     * folders holding a {@code pom.xml} (tooling) are not input; nor are README files and files whose name starts
     * with {@code _} (metadata kept beside inputs, such as a corpus's list of planted identifiers).
     */
    public int uploadAll(Path inputDir) throws IOException {
        List<Path> inputs = inputFiles(inputDir);
        for (Path file : inputs) {
            Path relative = inputDir.relativize(file);
            String key = relative.getNameCount() == 1 ? "local/" + relative : relative.toString().replace('\\', '/');
            upload(file, key);
        }
        say("uploaded " + inputs.size() + " files into s3://landing/");
        return inputs.size();
    }

    public static List<Path> inputFiles(Path inputDir) throws IOException {
        try (Stream<Path> files = Files.walk(inputDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().toLowerCase().startsWith("readme"))
                    .filter(f -> !f.getFileName().toString().startsWith(".")
                            && !f.getFileName().toString().startsWith("_"))
                    .filter(f -> {
                        Path relative = inputDir.relativize(f);
                        if (relative.getNameCount() > 1 && relative.getName(0).toString().equals("models")) {
                            return false;
                        }
                        for (Path dir = f.getParent(); dir != null && dir.startsWith(inputDir); dir = dir.getParent()) {
                            if (Files.exists(dir.resolve("pom.xml")) && !dir.equals(inputDir)) {
                                return false;
                            }
                        }
                        return true;
                    }).sorted().toList();
        }
    }

    /**
     * A whole run: uploads every input, waits until the pipeline has drained, then asks for the retention run the
     * daily schedule asks for on AWS and waits for it.
     */
    public void process(Path inputDir, Duration timeout) throws IOException, InterruptedException {
        uploadAll(inputDir);
        awaitDrained(timeout);
        requestRetention();
        awaitDrained(timeout);
    }

    /**
     * Sends what the daily EventBridge Scheduler schedule sends on AWS (infra-terraform, messaging module): a
     * retention request on the audit maintenance queue, its id the scheduler's execution id.
     */
    public void requestRetention() {
        String executionId = "local-" + java.util.UUID.randomUUID();
        String request = EventCodec.encode(new Envelope<>(executionId, "urn:health-pipeline:schedule:audit-retention",
                EventTypes.AUDIT_MAINTENANCE, null, executionId, java.time.Instant.now(),
                new AuditMaintenance(AuditMaintenance.RETENTION)));
        cloud.sqs().sendMessage(b -> b.queueUrl(cloud.queueUrl("audit-maintenance-queue")).messageBody(request));
        say("requested the audit retention run, as the daily schedule does");
    }

    /** Waits until every function queue is empty with nothing in flight or delayed, printing progress. */
    public void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            Map<String, Integer> depth = new LinkedHashMap<>();
            int total = 0;
            for (String queue : LocalCloud.PIPELINE_QUEUES) {
                var attributes = cloud.sqs().getQueueAttributes(b -> b.queueUrl(cloud.queueUrl(queue))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
                int n = attributes.values().stream().mapToInt(Integer::parseInt).sum();
                depth.put(queue, n);
                total += n;
            }
            boolean busy = mappings.values().stream().anyMatch(EventSourceMapping::isBusy);
            if (System.nanoTime() - lastReport > Duration.ofSeconds(2).toNanos()) {
                say("queues " + depth);
                lastReport = System.nanoTime();
            }
            quietChecks = total == 0 && !busy ? quietChecks + 1 : 0;
            if (quietChecks >= 3) {
                return;
            }
            Thread.sleep(400);
        }
        throw new IllegalStateException("the pipeline did not drain within " + timeout.toSeconds() + " s");
    }

    /** Messages the clinician subscriber (no filter policy) has received so far, and what was dead-lettered. */
    private void drainInboxes() {
        notifications.addAll(drain(LocalCloud.CLINICIAN_INBOX).stream().map(Message::body).toList());
        for (String queue : LocalCloud.PIPELINE_QUEUES) {
            for (Message m : drain(queue + "-dlq")) {
                ObjectNode line = LINES.createObjectNode();
                line.put("queue", queue + "-dlq");
                line.put("messageId", m.messageId());
                line.put("body", m.body());
                deadLetters.add(line.toString());
            }
        }
    }

    private List<Message> drain(String queue) {
        List<Message> all = new ArrayList<>();
        while (true) {
            var batch = cloud.sqs().receiveMessage(b -> b.queueUrl(cloud.queueUrl(queue)).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            cloud.sqs().deleteMessageBatch(b -> b.queueUrl(cloud.queueUrl(queue)).entries(batch.stream()
                    .map(m -> software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                            .id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                    .toList()));
        }
    }

    /** Writes every zone, the notifications, dead letters and the verified audit trail; returns the summary. */
    public ObjectNode writeOutputs(Path outputDir, double seconds) throws Exception {
        drainInboxes();
        // The zones are an exact copy of the buckets: nothing of an earlier run may remain beside them.
        Main.deleteRecursively(outputDir.resolve("zones"));
        for (String zone : LocalCloud.ZONES) {
            Path zoneDir = outputDir.resolve("zones").resolve(zone);
            Files.createDirectories(zoneDir);
            for (var object : cloud.s3().listObjectsV2Paginator(b -> b.bucket(zone)).contents()) {
                Path target = zoneDir.resolve(object.key()).normalize();
                if (!target.startsWith(zoneDir)) {
                    continue; // a key that would escape the folder is not written out
                }
                Files.createDirectories(target.getParent());
                Files.write(target, cloud.s3().getObjectAsBytes(b -> b.bucket(zone).key(object.key())).asByteArray());
            }
        }
        Files.write(outputDir.resolve("notifications.jsonl"), notifications);
        Files.write(outputDir.resolve("dead-letters.jsonl"), deadLetters);
        Path auditDir = Files.createDirectories(outputDir.resolve("audit"));
        List<AuditEntries.Row> rows;
        ObjectNode verification;
        long checkpointed;
        long archived;
        try (Connection connection = database.connect()) {
            rows = AuditEntries.read(connection);
            checkpointed = AuditEntries.checkpointedEntries(connection);
            archived = AuditEntries.archivedEntries(connection);
            verification = new TrailVerifier(CheckpointSignatures.publicKey(cloud.auditSigningPublicKey()),
                    outputDir.resolve("zones").resolve("audit-archive")).verify(connection).toJson();
        }
        List<String> entries = new ArrayList<>();
        Map<String, Integer> byAction = new LinkedHashMap<>();
        int riskBatches = 0;
        int uniqueRecords = 0;
        int smallestK = Integer.MAX_VALUE;
        for (AuditEntries.Row row : rows) {
            ObjectNode line = LINES.createObjectNode();
            line.put("sequence", row.sequence());
            var entry = LINES.readTree(row.entry());
            line.set("entry", entry);
            if ("ASSESS_REIDENTIFICATION_RISK".equals(row.action())) {
                // Quasi-identifier risk of each de-identified batch: records unique on (ZIP3, birth year, gender).
                var details = entry.path("data").path("details");
                riskBatches++;
                uniqueRecords += details.path("qiUnique").asInt();
                smallestK = Math.min(smallestK, details.path("qiSmallestK").asInt(Integer.MAX_VALUE));
            }
            line.put("previousHash", row.previousHash());
            line.put("hash", row.hash());
            entries.add(line.toString());
            byAction.merge(row.action(), 1, Integer::sum);
        }
        Files.write(auditDir.resolve("entries.jsonl"), entries);
        JSON.writeValue(auditDir.resolve("verification.json").toFile(), verification);

        ObjectNode summary = JSON.createObjectNode();
        summary.put("files", filesUploaded);
        summary.put("ingested", byAction.getOrDefault("INGEST", 0));
        summary.put("quarantined", byAction.getOrDefault("QUARANTINE", 0));
        summary.put("deidentified", byAction.getOrDefault("DEIDENTIFY", 0));
        summary.put("scored", byAction.getOrDefault("SCORE", 0));
        summary.put("notifications", notifications.size());
        summary.put("auditEntries", rows.size());
        summary.put("auditValid", verification.path("valid").asBoolean());
        summary.put("auditEntriesSigned", checkpointed);
        summary.put("auditEntriesArchived", archived);
        summary.put("deadLetters", deadLetters.size());
        ObjectNode risk = summary.putObject("reidentificationRisk");
        risk.put("batches", riskBatches);
        risk.put("uniqueOnQuasiIdentifiers", uniqueRecords);
        if (riskBatches > 0) {
            risk.put("smallestGroup", smallestK);
        }
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        JSON.writeValue(outputDir.resolve("summary.json").toFile(), summary);
        return summary;
    }

    public LocalCloud cloud() {
        return cloud;
    }

    public Database database() {
        return database;
    }

    private void say(String message) {
        if (options.progress() != null) {
            options.progress().println("[pipeline] " + message);
        }
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // best effort on shutdown
            }
        }
        resources.clear();
    }
}
