package dev.chorus.testkit.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * A database of its own for one test (or test class), created empty by {@link PostgresFixture#newDatabase()}.
 * {@link #close()} drops it, with whatever connections are still open to it.
 */
public final class TestDatabase implements AutoCloseable {
    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final PostgresFixture server;

    TestDatabase(String name, String jdbcUrl, String user, String password, PostgresFixture server) {
        this.name = Objects.requireNonNull(name, "name");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.server = Objects.requireNonNull(server, "server");
    }

    /** The database's name, e.g. {@code chorus_test_4711_3}. */
    public String name() {
        return name;
    }

    /** A JDBC URL that reaches this database; it may also carry the user and password. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** One JDBC URL carrying the user and password too: what {@code chorus run --postgres} and the like take. */
    public String jdbcUrlWithCredentials() {
        if (jdbcUrl.contains("user=")) {
            return jdbcUrl;
        }
        var query = new StringBuilder(jdbcUrl.contains("?") ? "&" : "?").append("user=")
                .append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        if (!password.isEmpty()) {
            query.append("&password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        }
        return jdbcUrl + query;
    }

    public String user() {
        return user;
    }

    /** The password, or an empty string when the server asks for none. */
    public String password() {
        return password;
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Drops the database; a second call does nothing. */
    @Override
    public void close() {
        server.drop(name);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + name + "]";
    }
}
