package dev.chorus.distributed;

import dev.chorus.testkit.postgres.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The one JDBC URL a chorus process takes, with the test database's credentials in it. */
final class Databases {
    private Databases() {}

    static String url(TestDatabase database) {
        String url = database.jdbcUrl();
        if (url.contains("user=")) {
            return url;
        }
        var query = new StringBuilder(url.contains("?") ? "&" : "?").append("user=")
                .append(URLEncoder.encode(database.user(), StandardCharsets.UTF_8));
        if (!database.password().isEmpty()) {
            query.append("&password=").append(URLEncoder.encode(database.password(), StandardCharsets.UTF_8));
        }
        return url + query;
    }
}
