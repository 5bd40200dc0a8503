package dev.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ValidationError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamViewsTest {
    @Test
    void given_overlapping_prefixes_when_a_stream_is_looked_up_then_the_longest_prefix_wins() {
        var views = StreamViews.empty().with("account-", Accounts.BINDING)
                .with("account-vip-", Accounts.BINDING, account -> Map.of("cents", account.balance()));

        assertThat(views.find("account-vip-1").orElseThrow().prefix()).isEqualTo("account-vip-");
        assertThat(views.find("account-1").orElseThrow().prefix()).isEqualTo("account-");
        assertThat(views.find("order-1")).isEmpty();
        assertThat(views.prefixes()).containsExactly("account-", "account-vip-");
    }

    @Test
    void given_a_view_with_its_own_json_then_the_state_goes_out_as_it_says() {
        var view = new StreamView<>("account-", Accounts.BINDING, account -> Map.of("cents", account.balance()));

        assertThat(view.json(new Accounts.Account(true, "Ada", 7))).isEqualTo(Map.of("cents", 7L));
    }

    @Test
    void given_a_prefix_registered_twice_then_the_second_is_refused() {
        var views = StreamViews.empty().with("account-", Accounts.BINDING);

        assertThatThrownBy(() -> views.with("account-", Accounts.BINDING)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("registered already");
        assertThatThrownBy(() -> views.with("", Accounts.BINDING)).isInstanceOf(ValidationError.class);
    }
}
