package dev.chorus.testkit;

import static dev.chorus.core.ExpectedVersion.exactly;
import static dev.chorus.core.ExpectedVersion.noStream;
import static dev.chorus.testkit.TestEvents.event;
import static dev.chorus.testkit.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.QueuedAppender;
import dev.chorus.core.StoreClosed;
import dev.chorus.core.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that queues appends ({@link QueuedAppender}) fixes each one's place when the call returns, tells its
 * outcome through the future, and refuses an append chained after a refused one. Skipped for stores that do not.
 */
public abstract class QueuedAppendContract extends Contract {
    protected QueuedAppendContract(StoreFixture fixture) {
        super(fixture);
    }

    @BeforeEach
    void only_for_stores_that_queue_appends() {
        assumeTrue(store() instanceof QueuedAppender, "this store does not queue appends");
    }

    private QueuedAppender queued() {
        return (QueuedAppender) store();
    }

    private CompletableFuture<AppendResult> queue(String stream, ExpectedVersion expected, List<NewEvent> events,
                                                  Optional<CompletableFuture<AppendResult>> after) {
        return queued().appendQueued(stream, expected, events, after);
    }

    private static AppendResult landed(CompletableFuture<AppendResult> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void appends_queued_one_after_another_without_waiting_land_in_that_order_each_on_the_version_before_it()
            throws Exception {
        var futures = new ArrayList<CompletableFuture<AppendResult>>();
        Optional<CompletableFuture<AppendResult>> previous = Optional.empty();
        for (int i = 0; i < 50; i++) {
            var next = queue("order-1", i == 0 ? noStream() : exactly(i - 1), List.of(event("step-" + i)), previous);
            futures.add(next);
            previous = Optional.of(next);
        }

        for (int i = 0; i < futures.size(); i++) {
            var result = landed(futures.get(i));
            assertThat(result.lastVersion()).as("version of append %d", i).isEqualTo(i);
            assertThat(result.firstPosition()).as("position of append %d", i).isEqualTo(i);
        }
        assertThat(store().readStream("order-1")).extracting(TestEvents::text)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "step-" + i).toList());
    }

    @Test
    void an_append_chained_after_a_refused_one_is_refused_too_even_where_its_own_expectation_holds()
            throws Exception {
        store().append("order-1", noStream(), event("placed"));
        var before = everything();

        var refused = queue("order-1", exactly(5), List.of(event("decided-on-a-state-it-never-had")),
                Optional.empty());
        var chained = queue("order-1", exactly(0), List.of(event("decided-after-it")), Optional.of(refused));

        assertThatThrownBy(() -> landed(refused)).hasCauseInstanceOf(ConcurrencyConflict.class);
        assertThatThrownBy(() -> landed(chained)).hasCauseInstanceOf(ConcurrencyConflict.class);
        assertUnchanged(store(), before);
    }

    @Test
    void an_append_made_after_a_queued_one_is_checked_against_the_stream_as_the_queued_one_leaves_it()
            throws Exception {
        var first = queue("order-1", noStream(), events("placed", "paid"), Optional.empty());

        var second = store().append("order-1", exactly(1), event("shipped"));

        assertThat(second.lastVersion()).isEqualTo(2);
        assertThat(landed(first).lastVersion()).isEqualTo(1);
        assertConflict(() -> store().append("order-1", exactly(1), event("late")), "order-1", exactly(1), 2);
    }

    @Test
    void a_chained_append_after_one_that_landed_lands_too() throws Exception {
        var first = queue("order-1", noStream(), List.of(event("placed")), Optional.empty());
        landed(first);

        var second = queue("order-1", exactly(0), List.of(event("paid")), Optional.of(first));

        assertThat(landed(second).lastVersion()).isEqualTo(1);
    }

    @Test
    void bad_input_is_refused_at_once_and_nothing_is_queued() {
        var before = everything();

        assertThatThrownBy(() -> queue("", noStream(), List.of(event("placed")), Optional.empty()))
                .isInstanceOf(ValidationError.class);
        assertThatThrownBy(() -> queue("order-1", noStream(), List.of(), Optional.empty()))
                .isInstanceOf(ValidationError.class);

        assertUnchanged(store(), before);
    }

    @Test
    void a_closed_store_refuses_a_queued_append_with_store_closed() {
        store().close();

        assertThatThrownBy(() -> {
            try {
                landed(queue("order-1", noStream(), List.of(event("placed")), Optional.empty()));
            } catch (ExecutionException | CompletionException e) {
                throw e.getCause();
            }
        }).isInstanceOf(StoreClosed.class);
    }
}
