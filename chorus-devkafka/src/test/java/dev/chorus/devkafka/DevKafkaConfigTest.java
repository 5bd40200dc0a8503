package dev.chorus.devkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DevKafkaConfigTest {
    @Test
    void the_defaults_take_a_free_port_and_a_temporary_directory() {
        var config = DevKafkaConfig.defaults();

        assertThat(config.port()).isZero();
        assertThat(config.dataDir()).isNull();
        assertThat(config.overrides()).isEmpty();
    }

    @Test
    void a_port_outside_0_to_65535_is_refused() {
        assertThatThrownBy(() -> DevKafkaConfig.of(c -> c.port = 65_536)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("65536");
    }

    @Test
    void an_override_of_the_listeners_is_refused_and_points_at_the_port() {
        assertThatThrownBy(() -> DevKafkaConfig.of(c -> c.overrides.put("listeners", "PLAINTEXT://0.0.0.0:9092")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("listeners").hasMessageContaining("port");
    }

    @Test
    void other_overrides_are_kept() {
        var config = DevKafkaConfig.of(c -> {
            c.overrides.put("num.partitions", "3");
            c.startTimeout = Duration.ofSeconds(5);
        });

        assertThat(config.overrides()).containsEntry("num.partitions", "3");
        assertThat(config.withPort(9092).overrides()).containsEntry("num.partitions", "3");
    }
}
