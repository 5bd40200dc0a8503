package dev.chorus.server.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import dev.chorus.server.ServerConfig;
import dev.chorus.shop.orders.OrderStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopDemoTest {
    @TempDir
    Path dir;

    @Test
    void given_a_simulation_then_orders_end_shipped_and_cancelled_for_credit_and_for_stock() throws Exception {
        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0))) {
            var report = Simulation.run(demo.shop(), 12, 7);

            assertThat(report.orderIds()).hasSize(12);
            assertThat(report.count(OrderStatus.SHIPPED)).isPositive();
            assertThat(report.count(OrderStatus.CANCELLED)).isPositive();
            assertThat(report.count(OrderStatus.SHIPPED) + report.count(OrderStatus.CANCELLED)).isEqualTo(12);
            var reasons = report.orderIds().stream().map(id -> demo.shop().getOrder(id).orElseThrow().reason())
                    .toList();
            assertThat(reasons).anyMatch(reason -> reason.contains("payment-failed"))
                    .anyMatch(reason -> reason.contains("out-of-stock"));
        }
    }

    @Test
    void given_a_restart_on_the_same_directory_then_it_continues_where_it_stopped() throws Exception {
        String orderId;
        long head;
        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0))) {
            orderId = Simulation.run(demo.shop(), 3, 1).orderIds().getFirst();
            head = demo.shop().log().headPosition();
        }

        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0));
             var client = HttpClient.newHttpClient()) {
            var answer = client.send(HttpRequest.newBuilder(URI.create(demo.uri() + "/api/orders/" + orderId))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains(orderId);
            assertThat(demo.shop().log().headPosition()).as("nothing handled twice").isEqualTo(head);
        }
    }

    @Test
    void given_a_started_demo_then_its_example_commands_name_its_address() {
        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0))) {
            assertThat(demo.exampleCurls()).hasSize(3)
                    .allMatch(curl -> curl.contains("curl -s -X POST " + demo.uri() + "/api/"));
            assertThat(demo.exampleCurls().getLast()).contains(demo.uri() + "/api/orders").contains("$C");
            assertThat(demo.uri().getHost()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void given_a_started_demo_when_its_example_commands_run_in_one_shell_then_the_order_they_place_ships()
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("curl") && onPath("bash") && onPath("sed"),
                "curl, bash and sed on the PATH");
        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0))) {
            var shell = new ProcessBuilder("bash", "-c", String.join("\n", demo.exampleCurls()))
                    .redirectErrorStream(true).start();
            String out = new String(shell.getInputStream().readAllBytes());
            assertThat(shell.waitFor()).as(out).isZero();

            assertThat(out).contains("customer ").contains("\"orderId\"");
            String orderId = out.replaceAll("(?s).*\"orderId\":\"([^\"]+)\".*", "$1");
            var client = HttpClient.newHttpClient();
            String status = "";
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < end; ) {
                status = client.send(HttpRequest.newBuilder(demo.uri().resolve("/api/orders/" + orderId)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (status.contains("\"SHIPPED\"")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(status).contains("\"status\":\"SHIPPED\"");
        }
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, program)));
    }

    @Test
    void given_a_started_demo_then_health_lists_its_six_read_models_running() throws Exception {
        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0))) {
            String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(demo.uri().resolve("/api/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();

            assertThat(health).contains("\"status\":\"up\"");
            assertThat(health.split("\"state\":\"running\"", -1)).hasSize(7);
            assertThat(health).contains("\"orders.view\"");
        }
    }

    @Test
    void given_a_simulation_size_out_of_bounds_then_it_is_refused() throws Exception {
        try (var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = 0))) {
            assertThatThrownBy(() -> Simulation.run(demo.shop(), 0, 1)).isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> Simulation.run(demo.shop(), Simulation.MAX_ORDERS + 1, 1))
                    .isInstanceOf(ValidationError.class);
            assertThat(demo.shop().log().headPosition()).isZero();
        }
    }
}
