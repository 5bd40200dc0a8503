package dev.chorus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bad configuration is refused with an error that names what is wrong, before or when connecting. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresConfigTest {
    @RegisterExtension
    static final TestSchemas schemas = new TestSchemas();

    @Test
    void the_defaults_are_the_chorus_schema_a_pool_of_8_and_no_credentials_beside_the_url() {
        var config = PostgresConfig.defaults("jdbc:postgresql://127.0.0.1:5432/orders?user=orders");

        assertThat(config.schema()).isEqualTo("chorus");
        assertThat(config.poolSize()).isEqualTo(8);
        assertThat(config.user()).isEmpty();
        assertThat(config.password()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.tailWindow()).isEqualTo(4096);
    }

    @Test
    void a_url_that_is_not_a_postgresql_jdbc_url_is_refused_without_showing_its_password() {
        assertThatThrownBy(() -> PostgresConfig.defaults("postgres://db/orders?user=a&password=hunter2"))
                .isInstanceOfSatisfying(ValidationError.class, e -> {
                    assertThat(e.field()).isEqualTo("jdbcUrl");
                    assertThat(e.getMessage()).contains("jdbc:postgresql:").doesNotContain("hunter2");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Orders", "1orders", "orders-db", "pg_orders", "orders;drop",
            "a_schema_name_that_goes_on_well_past_forty_eight_chars"})
    void a_schema_name_that_is_not_a_plain_lower_case_identifier_is_refused(String schema) {
        assertThatThrownBy(() -> PostgresConfig.of("jdbc:postgresql://127.0.0.1/orders", c -> c.schema = schema))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("schema"));
    }

    @Test
    void a_pool_of_no_connections_is_refused() {
        assertThatThrownBy(() -> PostgresConfig.of("jdbc:postgresql://127.0.0.1/orders", c -> c.poolSize = 0))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("poolSize"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1_000_001})
    void a_tail_window_of_no_events_or_of_more_than_a_million_is_refused(int events) {
        assertThatThrownBy(() -> PostgresConfig.of("jdbc:postgresql://127.0.0.1/orders", c -> c.tailWindow = events))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).isEqualTo("tailWindow"));
    }

    @Test
    void the_description_of_a_config_hides_the_password_in_its_url() {
        var config = PostgresConfig.defaults("jdbc:postgresql://127.0.0.1/orders?user=a&password=hunter2&ssl=true");

        assertThat(config.toString()).doesNotContain("hunter2").contains("password=***", "ssl=true");
    }

    @Test
    void a_server_that_is_not_there_is_a_postgres_failure_naming_the_url_and_the_connection_state() throws IOException {
        int port = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/orders?password=hunter2&connectTimeout=5";

        assertThatThrownBy(() -> PostgresEventStore.open(PostgresConfig.defaults(url)))
                .isInstanceOfSatisfying(PostgresFailure.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("08001");
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port).doesNotContain("hunter2");
                });
    }

    @Test
    void a_database_that_does_not_exist_is_a_postgres_failure_with_its_sql_state() {
        String url = schemas.database().jdbcUrl().replace(schemas.database().name(), "no_such_database");

        var config = PostgresConfig.of(url, c -> {
            c.user = schemas.database().user();
            c.password = schemas.database().password();
        });

        assertThatThrownBy(() -> PostgresStateStore.open(config))
                .isInstanceOfSatisfying(PostgresFailure.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("3D000");
                    assertThat(e.getMessage()).contains("no_such_database");
                });
    }

    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
