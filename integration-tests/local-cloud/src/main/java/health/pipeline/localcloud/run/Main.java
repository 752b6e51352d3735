package health.pipeline.localcloud.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import health.pipeline.audit.store.verify.TrailVerifier;
import health.pipeline.localcloud.cloud.Database;
import health.pipeline.model.audit.CheckpointSignatures;

/**
 * {@code ./pipeline local [--input DIR] [--output DIR] [--database-url URL]} and
 * {@code ./pipeline audit verify --database-url URL}.
 */
public final class Main {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String AUDIT_USAGE =
            "usage: pipeline audit verify --database-url URL [--archive DIR] [--public-key DER-FILE]";

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(new ArrayDeque<>(List.of(args)));
        } catch (UsageException e) {
            System.err.println("pipeline: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("pipeline: the run failed: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    public static int run(Deque<String> args) throws Exception {
        String command = args.isEmpty() ? "" : args.pop();
        return switch (command) {
            case "local" -> local(args);
            case "audit" -> {
                if (!"verify".equals(args.poll())) {
                    throw new UsageException(AUDIT_USAGE);
                }
                yield auditVerify(args);
            }
            default -> throw new UsageException("usage: pipeline local [--input DIR] [--output DIR] [--database-url URL]"
                    + " | " + AUDIT_USAGE);
        };
    }

    private static int local(Deque<String> args) throws Exception {
        Path root = Path.of(System.getProperty("pipeline.root", ".")).toAbsolutePath().normalize();
        Map<String, String> options = options(args, Set.of("--input", "--output", "--database-url", "--models"));
        Path input = options.containsKey("--input") ? Path.of(options.get("--input")).toAbsolutePath()
                : root.resolve("samples");
        Path output = options.containsKey("--output") ? Path.of(options.get("--output")).toAbsolutePath()
                : root.resolve("out/local-run");
        Path models = options.containsKey("--models") ? Path.of(options.get("--models")).toAbsolutePath() : null;
        String databaseUrl = options.get("--database-url");
        if (!Files.isDirectory(input)) {
            throw new UsageException("the input folder does not exist: " + input);
        }
        if (models == null) {
            models = Files.isDirectory(input.resolve("models")) ? input.resolve("models") : root.resolve("samples/models");
        }
        if (Files.exists(output)) {
            refuseToEmptyAForeignFolder(output);
            deleteRecursively(output);
        }
        Files.createDirectories(output);
        long started = System.nanoTime();
        var run = new LocalPipeline.Options(root.resolve("functions"), models, output.resolve(".work"),
                output.resolve("logs"), databaseUrl, System.out);
        try (LocalPipeline pipeline = LocalPipeline.start(run)) {
            pipeline.process(input, Duration.ofMinutes(10));
            var summary = pipeline.writeOutputs(output, (System.nanoTime() - started) / 1e9);
            System.out.println("[pipeline] outputs in " + output);
            System.out.println(JSON.writeValueAsString(summary));
        } finally {
            deleteRecursively(output.resolve(".work"));
        }
        return 0;
    }

    private static int auditVerify(Deque<String> args) throws Exception {
        Map<String, String> options = options(args, Set.of("--database-url", "--archive", "--public-key"));
        String databaseUrl = options.get("--database-url");
        Path archive = options.containsKey("--archive") ? Path.of(options.get("--archive")).toAbsolutePath() : null;
        Path publicKey = options.containsKey("--public-key") ? Path.of(options.get("--public-key")).toAbsolutePath()
                : null;
        if (databaseUrl == null) {
            throw new UsageException(AUDIT_USAGE);
        }
        // Without --public-key the key stored beside each checkpoint is used: integrity against anyone without the
        // KMS key, not against someone who can also replace keys. The report says which.
        PublicKey trusted = publicKey == null ? null : CheckpointSignatures.publicKey(Files.readAllBytes(publicKey));
        try (Database database = Database.fromUrl(databaseUrl); Connection connection = database.connect()) {
            var report = new TrailVerifier(trusted, archive).verify(connection);
            System.out.println(JSON.writeValueAsString(report.toJson()));
            return report.valid() ? 0 : 1;
        }
    }

    /** {@code --name value} pairs, each name one of {@code known}. */
    static Map<String, String> options(Deque<String> args, Set<String> known) throws UsageException {
        Map<String, String> options = new HashMap<>();
        while (!args.isEmpty()) {
            String option = args.pop();
            if (!known.contains(option)) {
                throw new UsageException("unknown option " + option);
            }
            String value = args.poll();
            if (value == null) {
                throw new UsageException(option + " needs a value");
            }
            options.put(option, value);
        }
        return options;
    }

    /** The output folder is emptied before a run: only when it is empty or holds an earlier run's output. */
    private static void refuseToEmptyAForeignFolder(Path output) throws java.io.IOException, UsageException {
        try (var entries = Files.list(output)) {
            if (entries.findAny().isPresent() && !Files.exists(output.resolve("summary.json"))
                    && !Files.exists(output.resolve(".work"))) {
                throw new UsageException("the output folder " + output + " is not empty and holds no earlier run's"
                        + " output (summary.json); choose another --output");
            }
        }
    }

    static void deleteRecursively(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
