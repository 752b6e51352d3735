package health.pipeline.localcloud.lambda;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API (2018-06-01) for one function: the runtime inside the function's process long-polls
 * {@code /invocation/next}, runs the handler and posts {@code /response} or {@code /error}, exactly as on Lambda
 * (and as a native {@code bootstrap} does on provided.al2023).
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";

    private record Invocation(String requestId, String payload, long deadlineMillis,
            CompletableFuture<String> result) {
    }

    private final HttpServer server;
    private final String functionArn;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();

    public RuntimeApiServer(String functionName) throws IOException {
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(BASE + "/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api-" + functionName);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** host:port, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one invocation; completes with the handler's response, or exceptionally with its error. */
    public CompletableFuture<String> invoke(String payload, Duration timeout) {
        var invocation = new Invocation(UUID.randomUUID().toString(), payload,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        pending.add(invocation);
        return invocation.result().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> inFlight.remove(invocation.requestId()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals(BASE + "/invocation/next")) {
                Invocation next;
                try {
                    next = pending.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reply(exchange, 500, "{}");
                    return;
                }
                inFlight.put(next.requestId(), next);
                var headers = exchange.getResponseHeaders();
                headers.add("Lambda-Runtime-Aws-Request-Id", next.requestId());
                headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(next.deadlineMillis()));
                headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                        + "-" + next.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
                headers.add("Content-Type", "application/json");
                reply(exchange, 200, next.payload());
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals(BASE + "/init/error")) {
                // The runtime writes the error to the function's log and exits; PackagedFunction then refuses
                // further invocations.
                reply(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            String[] parts = path.substring((BASE + "/invocation/").length()).split("/");
            Invocation invocation = parts.length == 2 ? inFlight.get(parts[0]) : null;
            if (invocation == null) {
                reply(exchange, 400, "{\"errorType\":\"InvalidRequestID\"}");
                return;
            }
            if (parts[1].equals("response")) {
                invocation.result().complete(body);
            } else {
                invocation.result().completeExceptionally(new FunctionError(body));
            }
            reply(exchange, 202, "{\"status\":\"OK\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The function reported an error for an invocation (the whole batch failed). */
    public static final class FunctionError extends RuntimeException {
        public FunctionError(String body) {
            super("function error: " + body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
