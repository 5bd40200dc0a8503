package dev.chorus.core.projection;

import static dev.chorus.core.projection.Ledger.deposited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.ValidationError;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectionRegistryTest {
    private final ProjectionRegistry registry = new ProjectionRegistry();

    @Nested
    class Registering {
        @Test
        void projections_are_listed_in_registration_order() {
            registry.register(Ledger.seen("zeta")).register(Ledger.balances()).register(Ledger.seen("alpha"));

            assertThat(registry.names()).containsExactly("zeta", "balances", "alpha");
            assertThat(registry.get("balances").name()).isEqualTo("balances");
            assertThat(registry.find("nope")).isEmpty();
        }

        @Test
        void a_second_projection_with_the_same_name_is_refused() {
            registry.register(Ledger.balances());

            assertThatThrownBy(() -> registry.register(Ledger.seen("balances"))).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("already registered");
        }

        @Test
        void an_unknown_name_is_reported_with_the_registered_ones() {
            registry.register(Ledger.balances()).register(Ledger.seen("seen"));

            assertThatThrownBy(() -> registry.get("orders")).isInstanceOfSatisfying(UnknownProjection.class, e -> {
                assertThat(e.name()).isEqualTo("orders");
                assertThat(e.known()).containsExactly("balances", "seen");
                assertThat(e.getMessage()).contains("registered: balances, seen");
            });
        }

        @Test
        void an_empty_registry_says_so() {
            assertThatThrownBy(() -> registry.get("orders")).hasMessageContaining("registers none");
        }
    }

    @Nested
    class Names {
        @ParameterizedTest
        @ValueSource(strings = {"", "1orders", "orders/archive", "orders archive", "ordérs"})
        void a_name_that_would_not_make_a_clean_key_prefix_is_refused(String name) {
            assertThatThrownBy(() -> Projection.of(name, Ledger.CODEC, (e, s, m) -> { }))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("a projection name is 1 to 100");
        }

        @Test
        void a_name_of_101_characters_is_refused() {
            assertThatThrownBy(() -> Projection.of("o".repeat(101), Ledger.CODEC, (e, s, m) -> { }))
                    .isInstanceOf(ValidationError.class);
            assertThat(Projection.of("o".repeat(100), Ledger.CODEC, (e, s, m) -> { }).name()).hasSize(100);
        }

        @ParameterizedTest
        @ValueSource(strings = {"orders", "Orders.v2", "order_totals-by-day"})
        void letters_digits_dots_underscores_and_dashes_are_fine(String name) {
            assertThat(Projection.of(name, Ledger.CODEC, (e, s, m) -> { }).name()).isEqualTo(name);
        }
    }

    @Nested
    class Running_them_all {
        @Test
        void every_registered_projection_gets_one_runner_that_starts_and_stops_with_the_rest() throws Exception {
            registry.register(Ledger.balances()).register(Ledger.seen("seen"));
            try (var log = new InMemoryEventStore(); var state = new InMemoryStateStore();
                 var projections = Projections.create(registry, log, state, ProjectionConfig.DEFAULT)) {
                var appended = log.append("acc-1", ExpectedVersion.any(), deposited("acc-1", 4));

                projections.startAll();
                for (var runner : projections.runners()) {
                    runner.awaitPosition(appended, Duration.ofSeconds(30));
                }
                projections.stopAll();

                assertThat(projections.statuses()).extracting(ProjectionStatus::projection)
                        .containsExactly("balances", "seen");
                assertThat(projections.statuses()).allSatisfy(status -> {
                    assertThat(status.checkpoint()).isEqualTo(1);
                    assertThat(status.state()).isEqualTo(ProjectionStatus.STOPPED);
                });
                assertThat(projections.get("balances").view().get("balance/acc-1", Ledger.LONG)).hasValue(4L);
                assertThatThrownBy(() -> projections.get("orders")).isInstanceOf(UnknownProjection.class);
            }
        }
    }

    @Nested
    class Configuration {
        @Test
        void the_batch_size_is_between_one_and_a_million() {
            assertThat(ProjectionConfig.DEFAULT.batchSize()).isEqualTo(1000);
            assertThat(ProjectionConfig.of(c -> c.batchSize = 1).batchSize()).isEqualTo(1);
            assertThatThrownBy(() -> ProjectionConfig.of(c -> c.batchSize = 0)).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("batchSize is between 1 and 1000000");
            assertThatThrownBy(() -> new ProjectionConfig(1_000_001, 0)).isInstanceOf(ValidationError.class);
        }

        @Test
        void the_memory_for_committed_rows_is_zero_or_more() {
            assertThat(ProjectionConfig.DEFAULT.rememberBytes()).isEqualTo(8 << 20);
            assertThat(ProjectionConfig.of(c -> c.rememberBytes = 0).rememberBytes()).isZero();
            assertThatThrownBy(() -> ProjectionConfig.of(c -> c.rememberBytes = -1))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("rememberBytes is 0 or more");
        }
    }
}
