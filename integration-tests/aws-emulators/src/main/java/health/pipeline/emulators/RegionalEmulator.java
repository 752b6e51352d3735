package health.pipeline.emulators;

import java.io.IOException;
import java.net.URI;

import com.sun.net.httpserver.HttpHandler;

/**
 * What every emulator shares: the account and region its ARNs name, and the loopback server it answers on. A
 * subclass builds its state first and calls {@link #serve} last, so that no request meets it half-built.
 */
public abstract class RegionalEmulator implements AutoCloseable {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    protected final String region;
    private LoopbackServer server;

    protected RegionalEmulator(String region) {
        this.region = region;
    }

    /** Starts answering on the loopback interface; port 0 picks a free port. */
    protected final void serve(String name, int port, HttpHandler handler) throws IOException {
        server = LoopbackServer.start(name, port, handler);
    }

    /** The base URI to give the SDK client's {@code endpointOverride}. */
    public URI endpoint() {
        return server.endpoint();
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    @Override
    public void close() {
        server.close();
    }
}
