package health.pipeline.localcloud.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.pipeline.localcloud.cloud.Database;
import health.pipeline.localcloud.cloud.LocalCloud;
import health.pipeline.localcloud.lambda.PackagedFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Start-up benchmark of the packaged functions: for each function, a fresh local cloud, then N times: start the
 * deployment zip the way Lambda's java21 runtime does ({@link PackagedFunction}), hand it one real SQS event, and
 * measure the time from the launch of the process to the first handled invocation and the process' peak resident
 * memory (VmHWM). The floor, measured in the same run with the same JVM flags, is an empty main class.
 *
 * <pre>
 * java -cp ... health.pipeline.localcloud.bench.StartupBenchmark [--runs N] [--native] [--zips DIR] [--output FILE]
 *     [function...]
 * </pre>
 *
 * {@code --zips} holds {@code <function>-jvm.zip} (native-build/dist, the default); without them the functions'
 * {@code target/function.zip} are used. With {@code --native} it starts the native {@code <function>.zip} instead,
 * whose {@code bootstrap} polls the same Runtime API. Not a test: run it by hand or through
 * native-build/benchmark-startup.
 */
public final class StartupBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> FUNCTIONS = List.of("ingestion", "deidentification", "scoring", "audit-writer");
    /** The queue whose messages each function's benchmark event comes from (its main event source). */
    private static final Map<String, String> TRIGGER_QUEUES = Map.of("ingestion", "ingest-queue",
            "deidentification", "deidentify-queue", "scoring", "scoring-queue", "audit-writer", "audit-queue");
    /** A small real FHIR bundle from samples/, uploaded into the landing bucket for ingestion. */
    private static final String INGESTION_SAMPLE = "ward-stable-patient.json";
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    /** One measured start: launch to first handled invocation, start() including unzip, peak and current RSS. */
    record Run(double launchToHandledMs, double startCallMs, double quarkusStartedInMs, double launchToReadyMs,
            long peakRssKb, long rssKb, String outcome) {
    }

    private final Path root;
    private final Path zips;
    private final boolean nativeZips;
    private final Path workDir;
    private final int runs;

    private StartupBenchmark(Path root, Path zips, boolean nativeZips, Path workDir, int runs) {
        this.root = root;
        this.zips = zips;
        this.nativeZips = nativeZips;
        this.workDir = workDir;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("pipeline.root", ".")).toAbsolutePath().normalize();
        Path zips = root.resolve("native-build/dist");
        Path output = root.resolve("integration-tests/local-cloud/target/startup-benchmark.json");
        int runs = 5;
        boolean nativeZips = false;
        List<String> functions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--native" -> nativeZips = true;
                case "--zips" -> zips = Path.of(args[++i]).toAbsolutePath();
                case "--output" -> output = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    if (!FUNCTIONS.contains(args[i])) {
                        throw new IllegalArgumentException("unknown function or option " + args[i]);
                    }
                    functions.add(args[i]);
                }
            }
        }
        if (functions.isEmpty()) {
            functions.addAll(FUNCTIONS);
        }
        Path workDir = Files.createTempDirectory("startup-benchmark");
        var benchmark = new StartupBenchmark(root, zips, nativeZips, workDir, runs);
        ObjectNode report = JSON.createObjectNode();
        report.put("runs", runs);
        report.put("packages", nativeZips ? "native" : "jvm");
        report.put("java", Runtime.version().toString());
        report.put("processors", Runtime.getRuntime().availableProcessors());
        // The machine may be shared: the load around the run says how much to trust the numbers.
        report.put("loadAverageBefore", Files.readString(Path.of("/proc/loadavg")).trim());
        List<Run> floor = benchmark.measureFloor();
        report.set("floor", benchmark.summary(floor));
        System.out.printf("%-18s %10s %10s %10s %13s %9s %12s %8s  %s%n", "", "median ms", "min ms", "max ms",
                "Quarkus boot", "ready at", "peak RSS MB", "x floor", "outcome of the first invocation");
        print("floor (empty JVM)", floor, median(floor.stream().mapToDouble(Run::launchToHandledMs).toArray()));
        ObjectNode results = report.putObject("functions");
        double floorMedian = median(floor.stream().mapToDouble(Run::launchToHandledMs).toArray());
        for (String function : functions) {
            List<Run> measured = benchmark.measure(function);
            ObjectNode summary = benchmark.summary(measured);
            summary.put("ratioToFloor", Math.round(summary.get("medianMs").asDouble() / floorMedian * 10) / 10.0);
            results.set(function, summary);
            print(function, measured, floorMedian);
        }
        report.put("loadAverageAfter", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("load average before / after: " + report.get("loadAverageBefore").asText() + " / "
                + report.get("loadAverageAfter").asText());
        Files.createDirectories(output.getParent());
        JSON.writeValue(output.toFile(), report);
        System.out.println("written: " + output);
    }

    /** The floor: a JVM with the same flags running an empty main class, from launch to exit. */
    private List<Run> measureFloor() throws Exception {
        List<Run> result = new ArrayList<>();
        String classPath = Path.of(JvmFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        for (int i = 0; i <= runs; i++) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx400m",
                    "-cp", classPath, JvmFloor.class.getName()));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            double ms = (System.nanoTime() - start) / 1e6;
            long peak = out.startsWith("VmHWM=") ? Long.parseLong(out.substring(6).trim()) : -1;
            if (i > 0) { // the first start warms the page cache and is not counted
                result.add(new Run(ms, ms, 0, ms, peak, peak, "exit " + process.exitValue()));
            }
        }
        return result;
    }

    private List<Run> measure(String function) throws Exception {
        Path zip = zips.resolve(function + (nativeZips ? ".zip" : "-jvm.zip"));
        if (!nativeZips && !Files.isRegularFile(zip)) {
            zip = root.resolve("functions").resolve(function).resolve("target/function.zip");
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: build it with native-build/build --mode "
                    + (nativeZips ? "native" : "jvm"));
        }
        System.err.println("[bench] " + function + ": " + zip + ", fresh local cloud");
        List<Run> result = new ArrayList<>();
        try (LocalCloud cloud = LocalCloud.start();
                Database database = function.equals("audit-writer") ? Database.embedded(workDir.resolve("db")) : null) {
            Map<String, String> env = new LinkedHashMap<>(cloud.environmentFor(function));
            if (database != null) {
                env.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
                env.put("QUARKUS_DATASOURCE_USERNAME", database.user());
                env.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
            }
            if (function.equals("scoring")) {
                loadModels(cloud);
            }
            for (int i = 0; i <= runs; i++) {
                Run run = startOnce(function, zip, cloud, env, i);
                if (i > 0) { // the first start warms the page cache and is not counted
                    result.add(run);
                }
                deleteTree(workDir.resolve(function + "-" + i).resolve("task")); // the unpacked zip; the log stays
            }
        }
        return result;
    }

    private Run startOnce(String function, Path zip, LocalCloud cloud, Map<String, String> env, int index)
            throws Exception {
        String event = sqsEvent(cloud, function, index);
        Path dir = Files.createDirectories(workDir.resolve(function + "-" + index));
        long called = System.nanoTime();
        try (PackagedFunction packaged = PackagedFunction.start(function, zip, dir, env, dir.resolve("function.log"))) {
            long launched = System.nanoTime();
            Instant launchedAt = Instant.now();
            String outcome;
            var invocation = packaged.invoke(event, INVOCATION_TIMEOUT);
            try {
                // A process that dies before answering (a bad zip, a missing library) ends the wait at once.
                String response = null;
                while (response == null && packaged.isAlive()) {
                    try {
                        response = invocation.get(100, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException notYet) {
                        // still starting or handling
                    }
                }
                if (response == null && !invocation.isDone()) {
                    outcome = "process exited before answering (see " + dir.resolve("function.log") + ")";
                } else {
                    if (response == null) {
                        response = invocation.join();
                    }
                    JsonNode failures = response.isBlank() ? null : JSON.readTree(response).path("batchItemFailures");
                    outcome = failures == null || failures.isEmpty() ? "handled"
                            : "handled, reported " + failures.size() + " batch item failure(s)";
                }
            } catch (ExecutionException | RuntimeException e) {
                outcome = "function error";
            }
            long handled = System.nanoTime();
            if (!outcome.startsWith("handled")) {
                // A start that handled nothing is no start-up time: stop rather than report it as one.
                throw new IllegalStateException(function + " did not handle its event: " + outcome);
            }
            long[] rss = residentKb(packaged.pid());
            Startup startup = startup(dir);
            return new Run((handled - launched) / 1e6, (handled - called) / 1e6, startup.startedInMs(),
                    startup.at() == null ? -1 : Duration.between(launchedAt, startup.at()).toNanos() / 1e6, rss[0],
                    rss[1], outcome);
        }
    }

    /**
     * One SQS event as Lambda's event source mapping builds it, around a real message of the function's queue: the
     * landing notification of a freshly uploaded sample for ingestion, the contract examples for the others
     * (their handlers reject those quickly, after initialising their clients, because the objects they name do not
     * exist; the audit writer records its example).
     */
    private String sqsEvent(LocalCloud cloud, String function, int index) throws IOException {
        String queue = TRIGGER_QUEUES.get(function);
        String queueUrl = cloud.queueUrl(queue);
        switch (function) {
            case "ingestion" -> {
                // Different trailing whitespace per run: the same bundle, but a new file to ingestion, which would
                // otherwise recognise a re-sent file and skip it (exactly-once effect).
                byte[] sample = (Files.readString(root.resolve("samples").resolve(INGESTION_SAMPLE))
                        + "\n".repeat(index + 1)).getBytes(StandardCharsets.UTF_8);
                // Uploading into landing makes the landing notification arrive on the ingest queue, as on AWS.
                cloud.s3().putObject(b -> b.bucket("landing").key("bench/run-" + index + "-" + INGESTION_SAMPLE),
                        RequestBody.fromBytes(sample));
            }
            case "deidentification" -> send(cloud, queueUrl, example("records-ingested.v1.json"));
            case "scoring" -> send(cloud, queueUrl, example("records-deidentified.v1.json"));
            case "audit-writer" -> send(cloud, queueUrl, example("audit-event.v1.json"));
            default -> throw new IllegalArgumentException(function);
        }
        List<Message> messages = cloud.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                .waitTimeSeconds(5).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            throw new IllegalStateException("no message arrived on " + queue);
        }
        Message m = messages.get(0);
        cloud.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode record = records.addObject();
        record.put("messageId", m.messageId());
        record.put("receiptHandle", m.receiptHandle());
        record.put("body", m.body());
        ObjectNode attributes = record.putObject("attributes");
        m.attributesAsStrings().forEach(attributes::put);
        record.putObject("messageAttributes");
        record.put("md5OfBody", m.md5OfBody());
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", cloud.queueArn(queue));
        record.put("awsRegion", LocalCloud.REGION);
        return JSON.writeValueAsString(event);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void send(LocalCloud cloud, String queueUrl, String body) {
        cloud.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    private static String example(String name) throws IOException {
        try (InputStream in = StartupBenchmark.class.getClassLoader()
                .getResourceAsStream("contracts/examples/" + name)) {
            if (in == null) {
                throw new IOException("contract example " + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The model packages of samples/models, as ./pipeline local loads them: scoring loads the active one. */
    private void loadModels(LocalCloud cloud) throws IOException {
        Path models = root.resolve("samples/models");
        try (Stream<Path> files = Files.walk(models)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = models.relativize(file).toString().replace('\\', '/');
                cloud.s3().putObject(b -> b.bucket("models").key(key), RequestBody.fromFile(file));
            }
        }
    }

    /** When Quarkus reported itself started (the log line's timestamp) and its own "started in" figure. */
    private record Startup(Instant at, double startedInMs) {
    }

    /** From the function's JSON log: the line "... started in 0.527s." and its timestamp (the function is ready). */
    private static Startup startup(Path dir) {
        try (Stream<String> lines = Files.lines(dir.resolve("function.log"))) {
            return lines.filter(line -> STARTED_IN.matcher(line).find()).findFirst().map(line -> {
                var started = STARTED_IN.matcher(line);
                started.find();
                var time = TIMESTAMP.matcher(line);
                return new Startup(time.find() ? Instant.parse(time.group(1)) : null,
                        Double.parseDouble(started.group(1)) * 1000);
            }).orElse(new Startup(null, -1));
        } catch (IOException | UncheckedIOException | DateTimeParseException e) {
            return new Startup(null, -1);
        }
    }

    /** {VmHWM, VmRSS} in kB from /proc/<pid>/status, or -1 where unknown. */
    private static long[] residentKb(long pid) {
        long[] values = {-1, -1};
        if (pid < 0) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    values[0] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("VmRSS:")) {
                    values[1] = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the process has already exited: memory unknown
        }
        return values;
    }

    private ObjectNode summary(List<Run> measured) {
        ObjectNode summary = JSON.createObjectNode();
        double[] ms = measured.stream().mapToDouble(Run::launchToHandledMs).toArray();
        summary.put("medianMs", round(median(ms)));
        summary.put("minMs", round(Arrays.stream(ms).min().orElse(0)));
        summary.put("maxMs", round(Arrays.stream(ms).max().orElse(0)));
        summary.put("medianStartCallMs", round(median(measured.stream().mapToDouble(Run::startCallMs).toArray())));
        summary.put("medianQuarkusStartedInMs",
                round(median(measured.stream().mapToDouble(Run::quarkusStartedInMs).toArray())));
        summary.put("medianLaunchToReadyMs",
                round(median(measured.stream().mapToDouble(Run::launchToReadyMs).toArray())));
        summary.put("medianPeakRssMb", round(median(measured.stream().mapToDouble(r -> r.peakRssKb() / 1024.0)
                .toArray())));
        summary.put("firstOutcome", measured.isEmpty() ? "" : measured.get(0).outcome());
        ArrayNode each = summary.putArray("runs");
        measured.forEach(r -> each.add(JSON.valueToTree(r)));
        return summary;
    }

    private static void print(String name, List<Run> measured, double floorMedian) {
        double[] ms = measured.stream().mapToDouble(Run::launchToHandledMs).toArray();
        double median = median(ms);
        System.out.printf("%-18s %10.0f %10.0f %10.0f %13.0f %9.0f %12.0f %8.1f  %s%n", name, median,
                Arrays.stream(ms).min().orElse(0), Arrays.stream(ms).max().orElse(0),
                median(measured.stream().mapToDouble(Run::quarkusStartedInMs).toArray()),
                median(measured.stream().mapToDouble(Run::launchToReadyMs).toArray()),
                median(measured.stream().mapToDouble(r -> r.peakRssKb() / 1024.0).toArray()), median / floorMedian,
                measured.isEmpty() ? "" : measured.get(0).outcome());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
