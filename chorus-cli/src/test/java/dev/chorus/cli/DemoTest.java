package dev.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void once_on_a_new_directory_creates_an_empty_log_and_exits() {
        Path data = dir.resolve("chorus-data");

        var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", data.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Chorus embedded log in " + data)
                .contains("opened: ").contains("0 events; no torn tail")
                .contains("head position: 0")
                .contains("no events yet")
                .contains("Chorus Shop is running; its HTTP API listens on http://127.0.0.1:")
                .contains("curl -s -X POST http://127.0.0.1:");
        assertThat(result.err()).isEmpty();
        assertThat(Files.isDirectory(data)).isTrue();
    }

    @Test
    void once_shows_the_last_events_with_their_stream_version_type_and_time() {
        Logs.write(dir, 12);

        var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("head position: 12")
                .contains("last 10 of 12 events:")
                .containsPattern("position\\s+stream\\s+version\\s+type\\s+recorded-at")
                .containsPattern("\\n\\s+11\\s+order-2\\s+5\\s+OrderPlaced/v1\\s+\\d{4}-\\d\\d-\\d\\dT")
                .containsPattern("\\n\\s+2\\s+order-1\\s+1\\s+OrderPlaced/v1")
                .doesNotContainPattern("\\n\\s+1\\s+order-2\\s+0\\s");
    }

    @Test
    void once_reports_the_torn_tail_it_truncated() throws Exception {
        Logs.write(dir, 3);
        Logs.tearTail(dir);

        var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("3 events; truncated a torn tail of 5 bytes in "
                + Logs.segments(dir).getLast().getFileName());
    }

    @Test
    void a_log_open_elsewhere_is_one_clear_error_line() {
        try (var writer = EmbeddedLog.open(LogConfig.defaults(dir))) {
            assertThat(writer.headPosition()).isZero();
            var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", dir.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err().strip()).startsWith("chorus: the log in ").contains("already open")
                    .doesNotContain("\n").doesNotContain("Exception");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void a_corrupted_log_is_one_clear_error_line_that_names_the_repair() throws Exception {
        Logs.writeOneSegment(dir, 20);
        Logs.flipByteInLastSegment(dir);

        var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("chorus: log corrupted in segment").contains("chorus log repair")
                .doesNotContain("\n");
    }

    @Test
    void a_file_in_place_of_the_directory_is_one_clear_error_line() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("chorus: ").contains(file.toString()).doesNotContain("\n");
    }

    @Test
    void a_port_in_use_is_one_clear_error_line_and_makes_nothing_in_the_data_directory() throws Exception {
        var data = dir.resolve("shop");
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            var result = Cli.run("demo", "--once", "--port", port, "--data-dir", data.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err().strip()).startsWith("chorus: cannot listen on 127.0.0.1:" + port)
                    .contains("--port").doesNotContain("\n").doesNotContain("Exception");
            assertThat(data).as("the data directory").doesNotExist();
        }
        assertThat(Cli.run("demo", "--once", "--port", "0", "--data-dir", data.toString()).exitCode()).isZero();
    }

    @Test
    void a_port_out_of_range_is_a_usage_error() {
        var result = Cli.run("demo", "--once", "--port", "70000", "--data-dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("--port is between 1 and 65535");
        assertThat(Logs.segments(dir)).as("nothing was opened").isEmpty();
    }

    @Test
    void the_directory_of_a_role_run_with_a_data_dir_is_refused_and_nothing_is_appended_to_it() throws Exception {
        Path role = Files.createDirectories(dir.resolve("payments-data"));
        Files.writeString(role.resolve("chorus-log-id"), "4ed27dae-0000-4000-8000-000000000000\n");

        var result = Cli.run("demo", "--once", "--port", "0", "--data-dir", role.toString());

        assertThat(result.exitCode()).isEqualTo(Main.USAGE_ERROR);
        assertThat(result.err()).contains("holds the log of a role started with chorus run --data-dir");
        assertThat(Logs.segments(role)).as("nothing was opened").isEmpty();
    }

    @Test
    void without_once_it_runs_until_terminated_then_closes_the_log() throws Exception {
        Logs.write(dir, 2);
        Path output = dir.resolve("demo-output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--port", "0", "--data-dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            awaitOutput(output, "Press Ctrl-C", process);
            assertThat(Files.readString(output)).contains("head position: 2");
            var url = Pattern.compile("listens on (http://127\\.0\\.0\\.1:\\d+)")
                    .matcher(Files.readString(output));
            assertThat(url.find()).as("the API's address is printed").isTrue();
            try (var client = HttpClient.newHttpClient()) {
                var health = client.send(HttpRequest.newBuilder(URI.create(url.group(1)
                        + "/api/health")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"head\":2");
            }

            process.destroy(); // SIGTERM, as from a service manager; Ctrl-C runs the same shutdown hook

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(Files.readString(output)).contains("closed the log in " + dir);
        } finally {
            process.destroyForcibly();
        }
        try (var reopened = EmbeddedLog.open(LogConfig.defaults(dir))) {
            assertThat(reopened.recovery().tornTail()).isEmpty();
            assertThat(reopened.headPosition()).isEqualTo(2);
        }
    }

    @Test
    void once_with_simulate_runs_orders_that_ship_and_orders_that_are_cancelled() {
        var result = Cli.run("demo", "--once", "--simulate", "--port", "0", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("Simulated 30 orders: [1-9]\\d* shipped, [1-9]\\d* cancelled")
                .as("no address of a server that --once has stopped").containsPattern("start the demo again[^\\n]*"
                        + "see /api/orders/").doesNotContainPattern("see http://[^\\n]*/api/orders/");
    }

    private static void awaitOutput(Path output, String marker, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(output).contains(marker)) {
            assertThat(process.isAlive()).as("still running; output so far:%n%s", Files.readString(output)).isTrue();
            assertThat(System.nanoTime()).as("'%s' within 60 s", marker).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
