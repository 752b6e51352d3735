package health.pipeline.localcloud.cloud;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The audit database: the PostgreSQL given by URL ({@code postgresql://user:password@host:port/database}), or else
 * a real embedded PostgreSQL 15 started for the run.
 */
public final class Database implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;

    private Database(EmbeddedPostgres embedded, String host, int port, String database, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    public static Database fromUrl(String url) {
        URI uri = URI.create(url.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://"));
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the database URL must look like postgresql://user:password@host:port/database");
        }
        String userInfo = uri.getUserInfo() == null ? "postgres:" : uri.getUserInfo();
        String[] credentials = userInfo.split(":", 2);
        String name = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new Database(null, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), name, credentials[0],
                credentials.length > 1 ? credentials[1] : "");
    }

    public static Database embedded(Path workDir) {
        try {
            Path dataDir = Files.createDirectories(workDir.resolve("pgdata"));
            // Working directory for the extracted binaries: /tmp may be small or shared in CI.
            System.setProperty("ot.epg.working-dir", Files.createDirectories(workDir.resolve("pgbin")).toString());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                    .setCleanDataDirectory(true).setPort(FreePorts.next()).start();
            return new Database(postgres, "127.0.0.1", postgres.getPort(), "postgres", "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /** The URL {@code --database-url} takes, with credentials. */
    public String url() {
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
