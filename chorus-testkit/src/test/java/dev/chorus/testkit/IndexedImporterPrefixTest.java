package dev.chorus.testkit;

import static dev.chorus.testkit.EventImporterConformance.foreign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.IndexedImporter;
import dev.chorus.core.NewEvent;
import dev.chorus.core.QueuedAppender;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A batch the store refuses part way: what lands is a prefix of it, and importing it again completes it in order. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IndexedImporterPrefixTest {
    private final InMemoryEventStore memory = new InMemoryEventStore();
    private final InMemoryStateStore index = new InMemoryStateStore();
    private final List<dev.chorus.core.ImportedEvent> batch = List.of(foreign("payment-1", "a", "a"),
            foreign("payment-2", "b", "b"), foreign("payment-1", "c", "c"), foreign("payment-2", "d", "d"));

    @Test
    void an_append_refused_part_way_keeps_the_ones_before_it_and_none_after_it() {
        // given a store that refuses the third append queued on it
        var refusing = new RefusingStore(memory, 3);
        var importer = new IndexedImporter(refusing, index, StoreLimits.DEFAULT, Clock.systemUTC());

        // when a batch of four is imported
        var thrown = catchThrowable(() -> importer.importEvents(batch));

        // then the refusal itself is thrown, and only the two before it landed
        assertThat(thrown).isSameAs(refusing.refusal);
        assertThat(StoreFixture.everything(memory)).extracting(TestEvents::text).containsExactly("a", "b");

        // and importing the batch again, once the store takes it, completes it in delivery order
        var again = new IndexedImporter(memory, index, StoreLimits.DEFAULT, Clock.systemUTC());
        assertThat(again.importEvents(batch)).isEqualTo(2);
        assertThat(StoreFixture.everything(memory)).extracting(TestEvents::text).containsExactly("a", "b", "c", "d");
    }

    /** Refuses its {@code refused}-th queued append through the future, as a store does when the append fails. */
    private static final class RefusingStore extends ForwardingStore implements QueuedAppender {
        private final QueuedAppender queued;
        private final int refused;
        private final IllegalStateException refusal = new IllegalStateException("the disk is full");
        private int appends;

        RefusingStore(InMemoryEventStore delegate, int refused) {
            super(delegate);
            this.queued = delegate;
            this.refused = refused;
        }

        @Override
        public CompletableFuture<AppendResult> appendQueued(String streamId, ExpectedVersion expected,
                                                            List<NewEvent> events,
                                                            Optional<CompletableFuture<AppendResult>> after) {
            if (++appends == refused) {
                return CompletableFuture.failedFuture(refusal);
            }
            return queued.appendQueued(streamId, expected, events, after);
        }
    }
}
