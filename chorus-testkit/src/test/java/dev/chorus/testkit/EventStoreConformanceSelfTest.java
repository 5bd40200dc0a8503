package dev.chorus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.EventStore;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.ReadDirection;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.Subscription;
import dev.chorus.core.SubscriptionFilter;
import dev.chorus.core.SubscriptionHandler;
import dev.chorus.core.memory.InMemoryEventStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit is only worth its green if it turns red: each broken store below gets one thing wrong, and the kit must
 * fail the tests that are about that thing.
 */
class EventStoreConformanceSelfTest {
    @Test
    void the_kit_runs_every_test_and_passes_the_reference_store() {
        var run = run(InMemory.class);

        assertThat(run.finished()).hasSizeGreaterThan(90);
        assertThat(run.failed()).isEmpty();
    }

    @Test
    void a_store_that_ignores_expected_versions_fails_the_conflict_and_race_tests() {
        assertThat(failuresOf(IgnoresExpectedVersions.class)).contains(
                "when_appending_expecting_no_stream_then_it_conflicts_with_the_actual_version_and_writes_nothing",
                "when_appending_expecting_the_stream_to_exist_then_it_conflicts_with_no_actual_version",
                "eight_writers_racing_for_each_version_of_one_stream_leave_exactly_one_winner_per_version");
    }

    @Test
    void a_store_that_writes_part_of_a_conflicting_append_fails_the_nothing_written_tests() {
        assertThat(failuresOf(WritesOnConflict.class)).contains(
                "when_appending_expecting_a_stale_version_then_it_conflicts_with_the_actual_version_and_writes_nothing",
                "when_appending_expecting_the_stream_to_exist_then_it_conflicts_with_no_actual_version");
    }

    @Test
    void a_store_that_appends_event_by_event_fails_the_atomicity_tests() {
        assertThat(failuresOf(NotAtomic.class)).contains(
                "an_append_whose_third_event_is_invalid_writes_none_of_them",
                "an_append_whose_third_event_is_too_large_writes_none_of_them");
    }

    @Test
    void a_store_that_reads_backward_in_forward_order_fails_the_backward_read_tests() {
        assertThat(failuresOf(BackwardReadsForward.class)).contains(
                "reading_backward_from_the_end_starts_at_the_last_event",
                "reading_backward_from_a_version_goes_down_from_it_inclusive");
    }

    @Test
    void a_store_that_skips_an_event_when_reading_from_a_later_position_fails_paging_and_subscriptions() {
        assertThat(failuresOf(SkipsOnLaterPages.class)).contains(
                "paging_from_0_by_the_last_position_read_returns_every_position_once_in_order",
                "catching_up_hands_over_to_live_without_a_gap_or_a_duplicate_while_a_writer_appends");
    }

    @Test
    void a_store_that_delivers_the_last_event_again_when_going_live_fails_the_subscription_tests() {
        assertThat(failuresOf(DuplicatesAtHandOver.class)).contains(
                "a_subscription_from_0_delivers_every_event_in_order_then_goes_live_once_at_the_head",
                "a_subscription_from_a_middle_position_starts_there_and_continues_live");
    }

    @Test
    void a_store_that_ignores_the_given_clock_fails_the_metadata_tests() {
        assertThat(failuresOf(IgnoresTheClock.class)).contains(
                "the_event_id_is_a_uuid_v7_made_in_the_millisecond_of_the_store_clock",
                "recorded_at_is_the_instant_of_the_store_clock_when_the_event_was_appended");
    }

    @Test
    void a_store_that_ignores_the_given_limits_fails_the_limit_tests() {
        assertThat(failuresOf(IgnoresTheLimits.class)).contains(
                "an_event_larger_than_the_event_limit_is_refused_and_nothing_is_written",
                "more_events_than_one_append_may_hold_are_refused_and_nothing_is_written");
    }

    private record Run(Set<String> finished, Set<String> failed) {}

    /** The names of the kit's test methods that failed against {@code conformance}. */
    private static Set<String> failuresOf(Class<? extends EventStoreConformance> conformance) {
        var run = run(conformance);
        assertThat(run.finished()).as("tests run against %s", conformance.getSimpleName()).hasSizeGreaterThan(90);
        return run.failed();
    }

    private static Run run(Class<? extends EventStoreConformance> conformance) {
        var finished = ConcurrentHashMap.<String>newKeySet();
        var failed = ConcurrentHashMap.<String>newKeySet();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(conformance))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    finished.add(test.getUniqueId());
                }
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                        && test.getSource().orElse(null) instanceof MethodSource method) {
                    failed.add(method.getMethodName());
                }
            }
        });
        return new Run(finished, failed);
    }

    static class InMemory extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new InMemoryEventStore(clock, limits);
        }
    }

    static class IgnoresExpectedVersions extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new ForwardingStore(new InMemoryEventStore(clock, limits)) {
                @Override
                public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
                    return delegate.append(streamId, ExpectedVersion.any(), events);
                }
            };
        }
    }

    static class WritesOnConflict extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new ForwardingStore(new InMemoryEventStore(clock, limits)) {
                @Override
                public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
                    try {
                        return delegate.append(streamId, expected, events);
                    } catch (ConcurrencyConflict conflict) {
                        delegate.append(streamId, ExpectedVersion.any(), events.subList(0, 1));
                        throw conflict;
                    }
                }
            };
        }
    }

    static class NotAtomic extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new ForwardingStore(new InMemoryEventStore(clock, limits)) {
                @Override
                public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
                    if (events.size() < 2) {
                        return delegate.append(streamId, expected, events);
                    }
                    var first = delegate.append(streamId, expected, events.subList(0, 1));
                    AppendResult last = first;
                    for (var event : events.subList(1, events.size())) {
                        last = delegate.append(streamId, ExpectedVersion.any(), List.of(event));
                    }
                    return new AppendResult(streamId, first.firstPosition(), last.lastPosition(), last.lastVersion());
                }
            };
        }
    }

    static class BackwardReadsForward extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new ForwardingStore(new InMemoryEventStore(clock, limits)) {
                @Override
                public List<RecordedEvent> readStream(String streamId, ReadDirection direction, long fromVersion,
                                                      int maxCount) {
                    var page = new ArrayList<>(delegate.readStream(streamId, direction, fromVersion, maxCount));
                    if (direction == ReadDirection.BACKWARD) {
                        page.sort((a, b) -> Long.compare(a.version(), b.version()));
                    }
                    return page;
                }
            };
        }
    }

    static class SkipsOnLaterPages extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new ForwardingStore(new InMemoryEventStore(clock, limits)) {
                @Override
                public List<RecordedEvent> readAll(long fromPosition, int maxCount) {
                    var page = delegate.readAll(fromPosition, maxCount);
                    return fromPosition > 0 && page.size() > 1 ? page.subList(1, page.size()) : page;
                }
            };
        }
    }

    static class DuplicatesAtHandOver extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new ForwardingStore(new InMemoryEventStore(clock, limits)) {
                @Override
                public Subscription subscribe(long fromPosition, SubscriptionFilter filter,
                                              SubscriptionHandler handler) {
                    return delegate.subscribe(fromPosition, filter, new SubscriptionHandler() {
                        private RecordedEvent last;

                        @Override
                        public void onEvent(RecordedEvent event) throws Exception {
                            last = event;
                            handler.onEvent(event);
                        }

                        @Override
                        public void onLive(long position) {
                            if (last != null) {
                                try {
                                    handler.onEvent(last);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                            handler.onLive(position);
                        }
                    });
                }
            };
        }
    }

    static class IgnoresTheClock extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new InMemoryEventStore(Clock.systemUTC(), limits);
        }
    }

    static class IgnoresTheLimits extends EventStoreConformance {
        @Override
        protected EventStore newStore(Clock clock, StoreLimits limits) {
            return new InMemoryEventStore(clock, StoreLimits.DEFAULT);
        }
    }
}
