package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.any;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ReadDirection;
import dev.chorus.core.StoreClosed;
import org.junit.jupiter.api.Test;

/** A closed store says so with a typed error instead of answering from stale state. */
public abstract class LifecycleContract extends Contract {
    protected LifecycleContract(StoreFixture fixture) {
        super(fixture);
    }

    @Test
    void a_closed_store_refuses_appends_reads_and_subscriptions_with_store_closed() {
        store().append("order-1", noStream(), event("placed"));

        store().close();

        assertThatThrownBy(() -> store().append("order-1", any(), event("paid"))).isInstanceOf(StoreClosed.class);
        assertThatThrownBy(() -> store().readStream("order-1", ReadDirection.FORWARD, 0, 10))
                .isInstanceOf(StoreClosed.class);
        assertThatThrownBy(() -> store().readAll(0, 10)).isInstanceOf(StoreClosed.class);
        assertThatThrownBy(() -> store().subscribe(0, new RecordingHandler())).isInstanceOf(StoreClosed.class);
    }

    @Test
    void closing_a_store_twice_is_harmless() {
        store().append("order-1", noStream(), event("placed"));
        store().close();

        assertThatCode(() -> store().close()).doesNotThrowAnyException();
    }
}
