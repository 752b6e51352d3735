package health.pipeline.localcloud.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One packaged function (its Lambda deployment zip) running the way Lambda runs it. A JVM zip runs as on the
 * java21 runtime: unpacked as the task root, {@code lib/*} on the class path, and AWS's own runtime interface client
 * polling the Runtime API and calling the handler. A native zip (one holding {@code bootstrap}) runs as on
 * provided.al2023: its {@code bootstrap} is started and polls the same Runtime API. Only the Runtime API's address
 * differs from AWS.
 */
public final class PackagedFunction implements AutoCloseable {
    /** The handler Funqy registers for Lambda's Java runtime. */
    public static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    /**
     * The handler of a quarkus-amazon-lambda-http application: it reads API Gateway HTTP API events (payload 2.0), or
     * what the application's ObjectMapper makes of its input (the audit API reads REST API proxy events, payload 1.0).
     */
    public static final String HTTP_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final String name;
    private final RuntimeApiServer runtimeApi;
    private final Process process;

    private PackagedFunction(String name, RuntimeApiServer runtimeApi, Process process) {
        this.name = name;
        this.runtimeApi = runtimeApi;
        this.process = process;
    }

    /**
     * Unpacks {@code zip} under {@code workDir} and starts it with the Funqy handler.
     *
     * @param environment the function's configuration (Lambda environment variables)
     */
    public static PackagedFunction start(String name, Path zip, Path workDir, Map<String, String> environment,
            Path logFile) throws IOException {
        return start(name, zip, workDir, environment, logFile, FUNQY_HANDLER);
    }

    /**
     * Unpacks {@code zip} under {@code workDir} and starts it with {@code handler}, the function's handler setting on
     * Lambda (a native {@code bootstrap} ignores it, as on provided.al2023).
     */
    public static PackagedFunction start(String name, Path zip, Path workDir, Map<String, String> environment,
            Path logFile, String handler) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException("the packaged function " + name + " is missing: " + zip
                    + " (build it with ./mvnw -DskipTests package)");
        }
        Path task = workDir.resolve("task");
        unzip(zip, task);
        RuntimeApiServer runtimeApi = new RuntimeApiServer(name);
        Path bootstrap = task.resolve("bootstrap");
        List<String> command = Files.isRegularFile(bootstrap) ? nativeCommand(bootstrap) : jvmCommand(task, workDir, handler);
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("PIPELINE_")
                || key.startsWith("QUARKUS_") || key.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", name);
        builder.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        builder.environment().put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        builder.environment().put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        builder.environment().put("_HANDLER", handler);
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        return new PackagedFunction(name, runtimeApi, builder.start());
    }

    /** provided.al2023: the zip's own {@code bootstrap} executable is the runtime. */
    private static List<String> nativeCommand(Path bootstrap) throws IOException {
        if (!bootstrap.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + bootstrap + " executable");
        }
        return List.of(bootstrap.toString());
    }

    /** java21: AWS's runtime interface client with the handler, the task root and lib/* on the class path. */
    private static List<String> jvmCommand(Path task, Path workDir, String handler) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // Lambda's java21 runtime defaults: tiered compilation stopped at C1 for fast starts, serial GC.
        command.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx400m",
                "-Djava.io.tmpdir=" + Files.createDirectories(workDir.resolve("tmp"))));
        if (Runtime.version().feature() >= 24) {
            // The functions target Lambda's java21 runtime; on a newer local JDK, JBoss Threads needs java.lang
            // opened and the runtime client loads its JNI library (both allowed by default on Java 21).
            command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow"));
        }
        command.add("-cp");
        command.add(task + File.pathSeparator + task.resolve("lib") + File.separator + "*" + File.pathSeparator
                + String.join(File.pathSeparator, runtimeClientClassPath()));
        command.add(RUNTIME_CLIENT);
        command.add(handler);
        return command;
    }

    /** The runtime interface client and the Lambda Java interfaces it needs, from this JVM's class path. */
    private static Set<String> runtimeClientClassPath() {
        Set<String> paths = new LinkedHashSet<>();
        for (String className : List.of(RUNTIME_CLIENT, "com.amazonaws.services.lambda.runtime.Context",
                "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer")) {
            try {
                var source = Class.forName(className).getProtectionDomain().getCodeSource();
                if (source != null) {
                    paths.add(Path.of(source.getLocation().toURI()).toString());
                }
            } catch (ClassNotFoundException | java.net.URISyntaxException e) {
                // optional parts of the runtime: the handler may not need them
            }
        }
        return paths;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    /** The process id, for measuring start-up time and memory. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Invokes the handler with an event, as Lambda does; completes with the handler's JSON response. */
    public java.util.concurrent.CompletableFuture<String> invoke(String event, Duration timeout) {
        if (!process.isAlive()) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("function " + name + " is not running (exit " + process.exitValue() + ")"));
        }
        return runtimeApi.invoke(event, timeout);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        runtimeApi.close();
    }
}
