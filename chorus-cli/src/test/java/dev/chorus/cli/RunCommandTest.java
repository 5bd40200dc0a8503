package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.testkit.kafka.KafkaFixture;
import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.process.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus run ROLE}: its usage errors, and the API process as a user starts it. */
class RunCommandTest {
    private static final Pattern ADDRESS = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");

    @TempDir
    Path dir;

    @Test
    void help_names_the_roles_and_the_options() {
        var result = Cli.run("help", "run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("ROLE", "customers", "api", "--kafka", "--postgres", "--kafka-config",
                "--port", "--schema", "--data-dir");
    }

    @Test
    void an_unknown_role_is_a_usage_error_naming_the_roles() {
        var result = Cli.run("run", "billing", "--kafka", "127.0.0.1:9092", "--postgres", "jdbc:postgresql://x/y");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("billing", "customers", "shipping", "api");
    }

    @Test
    void kafka_and_postgres_are_required() {
        var result = Cli.run("run", "orders");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("--kafka", "--postgres");
    }

    @Test
    void a_port_given_to_a_role_that_serves_no_http_is_named_as_ignored() {
        // the unusable --postgres makes the run stop right after its options are read
        var result = Cli.run("run", "orders", "--kafka", "127.0.0.1:9092", "--postgres", "postgres://localhost",
                "--port", "8081");

        assertThat(result.err()).as(result.toString()).contains("--port", "orders serves no HTTP and ignores it");
    }

    @Test
    void the_api_is_not_told_that_it_ignores_its_port() {
        var result = Cli.run("run", "api", "--kafka", "127.0.0.1:9092", "--postgres", "postgres://localhost",
                "--port", "8081");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("jdbc:postgresql:").doesNotContain("ignores");
    }

    @Test
    void a_kafka_option_that_is_not_host_and_port_is_a_usage_error() {
        var result = Cli.run("run", "orders", "--kafka", "19092", "--postgres", "jdbc:postgresql://127.0.0.1:1/x");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("--kafka: '19092' is not HOST:PORT");
    }

    @Test
    void a_postgres_option_that_is_not_a_jdbc_url_is_refused_before_anything_starts() {
        var result = Cli.run("run", "orders", "--kafka", "127.0.0.1:9092", "--postgres", "postgres://localhost");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("jdbc:postgresql:");
    }

    @Test
    void the_api_process_prints_its_address_serves_the_shop_and_stops_on_sigterm() throws Exception {
        try (var database = PostgresFixture.shared().newDatabase();
             var cli = ChildJvm.start(Main.class, dir.resolve("stderr.txt"), "run", "api", "--kafka",
                     KafkaFixture.bootstrapServers(), "--postgres", database.jdbcUrlWithCredentials(),
                     "--port", "0", "--schema", "cli_api")) {
            String ready = cli.awaitLine("ready", Duration.ofSeconds(90));
            var address = ADDRESS.matcher(ready);
            assertThat(address.find()).as("the ready line names the address: %s", ready).isTrue();

            var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(address.group() + "/api/customers/nobody")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("customer-not-found");

            cli.terminate(Duration.ofSeconds(60));
            assertThat(cli.lines()).as("stderr:%n%s", cli.stderr()).last().asString().isEqualTo("stopped api");
            assertThat(cli.lines()).as("leading is said before ready, as docs/distributed.md says")
                    .filteredOn(line -> line.startsWith("leading api at ") || line.startsWith("ready"))
                    .extracting(line -> line.substring(0, 7)).containsExactly("leading", "ready: ");
        }
    }
}
