package dev.chorus.core.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.LimitExceeded;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.memory.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandLoopTest {
    static final MessageContext ROOT = MessageContext.root();

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryEventStore memory = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
    private final RivalStore store = new RivalStore(memory);
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final CommandLoop<Bank.Command, Bank.State, Bank.Event> loop = CommandLoop.create(store,
            BankCodecs.binding(), c -> {
                c.sleeper = sleeper;
                c.clock = clock;
                c.retry = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(25), 0.5);
            });

    @AfterEach
    void close_the_store() {
        memory.close();
    }

    private List<RecordedEvent> everything() {
        return memory.readAll(0, 10_000);
    }

    /** A write that goes around the command loop, as another process's would. */
    private void rivalDeposits(String account, long amount) {
        var encoded = BankCodecs.EVENTS.encode(new Bank.Deposited(amount));
        memory.append("account-" + account, ExpectedVersion.any(), NewEvent.of(encoded.type(), encoded.data()));
    }

    /** What a command writes while handling a stored event has ids derived from it, not drawn at random. */
    @Nested
    class Ids_under_a_cause {
        static final String CAUSE = "01a22068-d0fa-7c2e-8a3b-5f6e7d8c9b0a";
        final MessageContext causedBy = new MessageContext(java.util.Optional.of("order-7"),
                java.util.Optional.of(CAUSE), java.util.Optional.empty());

        private List<String> idsOfDeposit(InMemoryEventStore into, MessageContext context) {
            var other = CommandLoop.create(into, BankCodecs.binding(), c -> c.clock = clock);
            other.handle(new Bank.Open("a1", "Ada"), ROOT);
            other.handle(new Bank.Deposit("a1", 5), context);
            return into.readStream("account-a1", dev.chorus.core.ReadDirection.FORWARD, 1, 10).stream()
                    .map(RecordedEvent::eventId).toList();
        }

        @Test
        void two_stores_that_run_the_same_cause_at_the_same_version_write_the_same_ids() {
            var first = idsOfDeposit(memory, causedBy);
            try (var second = new InMemoryEventStore(clock, StoreLimits.DEFAULT)) {
                clock.advance(Duration.ofMinutes(5));

                var again = idsOfDeposit(second, causedBy);

                assertThat(again).hasSize(1).isEqualTo(first);
                assertThat(dev.chorus.core.UuidV7.millisOf(java.util.UUID.fromString(first.getFirst())))
                        .as("stamped with the cause's millisecond")
                        .isEqualTo(dev.chorus.core.UuidV7.millisOf(java.util.UUID.fromString(CAUSE)));
            }
        }

        @Test
        void each_event_of_a_command_of_several_gets_an_id_of_its_own_the_same_in_another_store() {
            var twoEvents = DeciderBinding.of(Decider.<Bank.Command, Bank.State, Bank.Event>of(Bank.None::new,
                    (command, state) -> List.of(new Bank.Opened("a1", "Ada"), new Bank.Deposited(10)),
                    new Bank.Account()::evolve), BankCodecs.EVENTS, BankCodecs::streamOf);
            CommandLoop.create(memory, twoEvents, c -> c.clock = clock).handle(new Bank.Open("a1", "Ada"), causedBy);
            var first = everything().stream().map(RecordedEvent::eventId).toList();
            try (var second = new InMemoryEventStore(clock, StoreLimits.DEFAULT)) {
                CommandLoop.create(second, twoEvents, c -> c.clock = clock).handle(new Bank.Open("a1", "Ada"),
                        causedBy);

                assertThat(first).hasSize(2).doesNotHaveDuplicates();
                assertThat(second.readAll(0, 10)).extracting(RecordedEvent::eventId).isEqualTo(first);
            }
        }

        @Test
        void a_command_retried_after_a_conflict_writes_the_id_of_the_version_it_decided_on_at_last() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            store.interfere(1, () -> rivalDeposits("a1", 40));

            var result = loop.handle(new Bank.Deposit("a1", 10), causedBy);

            var ids = DerivedCommandIds.of(CAUSE, "account-a1", 1).orElseThrow();
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(everything().getLast().eventId()).isEqualTo(ids.id(0, BankCodecs.DEPOSITED))
                    .isNotEqualTo(DerivedCommandIds.of(CAUSE, "account-a1", 0).orElseThrow().id(0,
                            BankCodecs.DEPOSITED));
        }

        @Test
        void events_of_another_type_on_a_stream_of_the_same_name_get_other_ids() {
            var ids = DerivedCommandIds.of(CAUSE, "account-a1", -1).orElseThrow();

            assertThat(ids.id(0, dev.chorus.core.EventType.of("billing.AccountOpened", 1)))
                    .isNotEqualTo(ids.id(0, dev.chorus.core.EventType.of("crm.AccountOpened", 1)));
        }

        @Test
        void two_commands_under_one_cause_on_one_stream_write_different_ids() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);

            loop.handle(new Bank.Deposit("a1", 5), causedBy);
            loop.handle(new Bank.Deposit("a1", 7), causedBy);

            var ids = everything().stream().skip(1).map(RecordedEvent::eventId).toList();
            assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        }

        @Test
        void under_a_root_or_a_cause_that_is_no_version_7_id_the_store_draws_the_ids() {
            var root = idsOfDeposit(memory, MessageContext.correlatedBy("order-7"));
            var notV7 = new MessageContext(java.util.Optional.of("order-7"), java.util.Optional.of("cmd-1"),
                    java.util.Optional.empty());
            try (var second = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
                 var third = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
                 var fourth = new InMemoryEventStore(clock, StoreLimits.DEFAULT)) {
                assertThat(idsOfDeposit(second, MessageContext.correlatedBy("order-7"))).isNotEqualTo(root);
                assertThat(idsOfDeposit(third, notV7)).isNotEqualTo(idsOfDeposit(fourth, notV7));
            }
        }
    }

    @Nested
    class Appending {
        @Test
        void a_first_command_appends_expecting_no_stream_and_says_where_its_event_went() {
            var result = loop.handle(new Bank.Open("a1", "Ada"), ROOT);

            assertThat(store.attempts()).containsExactly(new RivalStore.Attempt("account-a1", ExpectedVersion.noStream()));
            assertThat(result.events()).containsExactly(new Bank.Opened("a1", "Ada"));
            assertThat(result.state()).isEqualTo(new Bank.Active("Ada", 0));
            assertThat(result.version()).isZero();
            assertThat(result.position()).isZero();
            assertThat(result.positions()).containsExactly(0L);
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(everything()).extracting(RecordedEvent::type).containsExactly(BankCodecs.OPENED);
        }

        @Test
        void a_command_on_an_existing_stream_expects_the_version_it_decided_on() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            loop.handle(new Bank.Open("b2", "Bob"), ROOT);
            loop.handle(new Bank.Deposit("a1", 30), ROOT);

            var result = loop.handle(new Bank.Withdraw("a1", 20), ROOT);

            assertThat(store.attempts().getLast()).isEqualTo(new RivalStore.Attempt("account-a1", ExpectedVersion.exactly(1)));
            assertThat(result.version()).isEqualTo(2);
            assertThat(result.positions()).containsExactly(3L);
            assertThat(result.state()).isEqualTo(new Bank.Active("Ada", 10));
            assertThat(loop.load("account-a1")).isEqualTo(new StreamState<>("account-a1", new Bank.Active("Ada", 10), 2, 3));
        }

        @Test
        void every_event_carries_the_context_correlation_causation_and_traceparent() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            var context = MessageContext.correlatedBy("order-7")
                    .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            var causedBy = new MessageContext(context.correlationId(), java.util.Optional.of("cmd-1"),
                    context.traceparent());

            loop.handle(new Bank.Deposit("a1", 5), causedBy);

            var deposited = everything().getLast();
            assertThat(deposited.correlationId()).isEqualTo("order-7");
            assertThat(deposited.causationId()).isEqualTo("cmd-1");
            assertThat(deposited.traceparent()).contains("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        }

        @Test
        void under_a_root_context_all_events_of_one_command_share_the_first_event_as_their_correlation() {
            var twoEvents = DeciderBinding.of(Decider.<Bank.Command, Bank.State, Bank.Event>of(Bank.None::new,
                    (command, state) -> List.of(new Bank.Opened("a1", "Ada"), new Bank.Deposited(10)),
                    new Bank.Account()::evolve), BankCodecs.EVENTS, BankCodecs::streamOf);
            var rootLoop = CommandLoop.create(memory, twoEvents, c -> c.clock = clock);

            rootLoop.handle(new Bank.Open("a1", "Ada"), ROOT);

            var events = everything();
            String first = events.getFirst().eventId();
            assertThat(first).isNotEmpty();
            assertThat(events).extracting(RecordedEvent::correlationId).containsOnly(first);
            assertThat(events).extracting(RecordedEvent::causationId).containsOnly(first);
            assertThat(events.getLast().eventId()).isNotEqualTo(first);
        }

        @Test
        void a_command_that_changes_nothing_writes_nothing_and_says_where_the_stream_stands() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            loop.handle(new Bank.Close("a1"), ROOT);
            long head = memory.headPosition();

            var again = loop.handle(new Bank.Close("a1"), ROOT);

            assertThat(again.changed()).isFalse();
            assertThat(again.events()).isEmpty();
            assertThat(again.positions()).isEmpty();
            assertThat(again.version()).isEqualTo(1);
            assertThat(again.position()).isEqualTo(1);
            assertThat(memory.headPosition()).isEqualTo(head);
        }

        @Test
        void a_stream_in_a_terminal_state_takes_no_more_events_and_nothing_is_written() {
            var account = new Bank.Account();
            // The account's own rules, except that it answers every command with a deposit, even when closed.
            var careless = new Decider<Bank.Command, Bank.State, Bank.Event>() {
                public Bank.State initialState() {
                    return account.initialState();
                }

                public List<Bank.Event> decide(Bank.Command command, Bank.State state) {
                    return List.of(new Bank.Deposited(1));
                }

                public Bank.State evolve(Bank.State state, Bank.Event event) {
                    return account.evolve(state, event);
                }

                public boolean isTerminal(Bank.State state) {
                    return account.isTerminal(state);
                }
            };
            var reopening = DeciderBinding.of(careless, BankCodecs.EVENTS, BankCodecs::streamOf);
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            loop.handle(new Bank.Close("a1"), ROOT);
            var before = everything();

            assertThatThrownBy(() -> CommandLoop.create(memory, reopening, c -> {}).handle(new Bank.Deposit("a1", 1), ROOT))
                    .isInstanceOfSatisfying(StreamTerminated.class, e -> {
                        assertThat(e.streamId()).isEqualTo("account-a1");
                        assertThat(e.version()).isEqualTo(1);
                        assertThat(e.reason()).isEqualTo("stream-terminated");
                    });
            assertThat(everything()).isEqualTo(before);
        }
    }

    @Nested
    class Rejections {
        @Test
        void a_rejected_command_throws_the_domain_error_with_its_fields_and_writes_nothing() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            loop.handle(new Bank.Deposit("a1", 50), ROOT);
            var before = everything();

            assertThatThrownBy(() -> loop.handle(new Bank.Withdraw("a1", 80), ROOT))
                    .isInstanceOfSatisfying(Bank.InsufficientFunds.class, e -> {
                        assertThat(e.balance).isEqualTo(50);
                        assertThat(e.requested).isEqualTo(80);
                        assertThat(e.reason()).isEqualTo("insufficient-funds");
                        assertThat(e.details()).containsEntry("balance", "50").containsEntry("requested", "80");
                    });
            assertThat(everything()).isEqualTo(before);
        }

        @Test
        void a_rejection_is_never_retried() {
            var decisions = new AtomicInteger();
            var counting = DeciderBinding.of(Decider.<Bank.Command, Bank.State, Bank.Event>of(Bank.None::new,
                    (command, state) -> {
                        decisions.incrementAndGet();
                        return new Bank.Account().decide(command, state);
                    }, new Bank.Account()::evolve), BankCodecs.EVENTS, BankCodecs::streamOf);
            var countingLoop = CommandLoop.create(store, counting, c -> c.sleeper = sleeper);

            assertThatThrownBy(() -> countingLoop.handle(new Bank.Deposit("a1", 10), ROOT))
                    .isInstanceOf(Bank.NoSuchAccount.class);
            assertThat(decisions).hasValue(1);
            assertThat(sleeper.waits()).isEmpty();
            assertThat(store.attempts()).isEmpty();
            assertThat(memory.headPosition()).isZero();
        }

        @Test
        void a_bug_in_the_decider_reaches_the_caller_untouched_and_is_not_retried() {
            var broken = DeciderBinding.of(Decider.<Bank.Command, Bank.State, Bank.Event>of(Bank.None::new,
                    (command, state) -> {
                        throw new ArithmeticException("bug");
                    }, new Bank.Account()::evolve), BankCodecs.EVENTS, BankCodecs::streamOf);

            assertThatThrownBy(() -> CommandLoop.create(store, broken, c -> c.sleeper = sleeper)
                    .handle(new Bank.Open("a1", "Ada"), ROOT)).isInstanceOf(ArithmeticException.class).hasMessage("bug");
            assertThat(sleeper.waits()).isEmpty();
            assertThat(memory.headPosition()).isZero();
        }

        @Test
        void an_event_the_store_refuses_is_not_retried_and_nothing_is_written() {
            var tiny = new InMemoryEventStore(clock, StoreLimits.DEFAULT.withMaxEventBytes(300));
            var tinyLoop = CommandLoop.create(tiny, BankCodecs.binding(), c -> c.sleeper = sleeper);

            assertThatThrownBy(() -> tinyLoop.handle(new Bank.Open("a1", "A".repeat(400)), ROOT))
                    .isInstanceOf(LimitExceeded.class);
            assertThat(sleeper.waits()).isEmpty();
            assertThat(tiny.headPosition()).isZero();
        }
    }

    @Nested
    class Retrying_a_version_conflict {
        @Test
        void a_conflict_from_a_concurrent_writer_is_retried_on_the_new_state_and_succeeds() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            store.interfere(1, () -> rivalDeposits("a1", 40));

            var result = loop.handle(new Bank.Deposit("a1", 10), ROOT);

            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.state()).isEqualTo(new Bank.Active("Ada", 50));
            assertThat(result.version()).isEqualTo(2);
            assertThat(store.attempts()).extracting(RivalStore.Attempt::expected).containsExactly(
                    ExpectedVersion.noStream(), ExpectedVersion.exactly(0), ExpectedVersion.exactly(1));
            assertThat(sleeper.waits()).hasSize(1);
            assertThat(everything()).extracting(RecordedEvent::type)
                    .containsExactly(BankCodecs.OPENED, BankCodecs.DEPOSITED, BankCodecs.DEPOSITED);
        }

        @Test
        void the_retry_decides_again_so_the_new_state_can_reject_what_the_old_one_allowed() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            loop.handle(new Bank.Deposit("a1", 100), ROOT);
            store.interfere(1, () -> memory.append("account-a1", ExpectedVersion.any(),
                    NewEvent.of(BankCodecs.WITHDRAWN,
                            BankCodecs.EVENTS.encode(new Bank.Withdrawn(30)).data())));

            assertThatThrownBy(() -> loop.handle(new Bank.Withdraw("a1", 100), ROOT))
                    .isInstanceOfSatisfying(Bank.InsufficientFunds.class, e -> assertThat(e.balance).isEqualTo(70));
            assertThat(loop.load("account-a1").state()).isEqualTo(new Bank.Active("Ada", 70));
        }

        @Test
        void while_the_rivals_write_is_not_yet_visible_the_loop_waits_instead_of_deciding_on_the_old_state() {
            var decisions = new AtomicInteger();
            var account = new Bank.Account();
            var counting = DeciderBinding.of(Decider.<Bank.Command, Bank.State, Bank.Event>of(account::initialState,
                    (command, state) -> {
                        decisions.incrementAndGet();
                        return account.decide(command, state);
                    }, account::evolve), BankCodecs.EVENTS, BankCodecs::streamOf);
            var waits = new AtomicInteger();
            var countingLoop = CommandLoop.create(store, counting, c -> c.sleeper = duration -> {
                // The rival's write becomes visible at the third wait, as a slow fsync would finish.
                if (waits.incrementAndGet() == 3) {
                    store.showAll();
                }
            });
            countingLoop.handle(new Bank.Open("a1", "Ada"), ROOT);
            decisions.set(0);
            store.interfere(1, () -> {
                store.hideNewWrites();
                rivalDeposits("a1", 40);
            });

            var result = countingLoop.handle(new Bank.Deposit("a1", 10), ROOT);

            assertThat(result.state()).isEqualTo(new Bank.Active("Ada", 50));
            assertThat(result.attempts()).isEqualTo(4);
            assertThat(waits).hasValue(3);
            assertThat(decisions).as("decisions: the first, and one once the rival's write showed").hasValue(2);
            assertThat(store.attempts()).hasSize(1 + 2);
        }

        @Test
        void after_the_last_attempt_the_conflict_is_rethrown_with_its_fields_and_nothing_of_ours_is_written() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            store.interfere(Integer.MAX_VALUE, () -> rivalDeposits("a1", 1));

            assertThatThrownBy(() -> loop.handle(new Bank.Deposit("a1", 500), ROOT))
                    .isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
                        assertThat(conflict.streamId()).isEqualTo("account-a1");
                        assertThat(conflict.expected()).isEqualTo(ExpectedVersion.exactly(4));
                        assertThat(conflict.actualVersion()).isEqualTo(5);
                    });
            assertThat(store.attempts()).hasSize(1 + 5);
            assertThat(sleeper.waits()).hasSize(4);
            assertThat(loop.load("account-a1").state()).isEqualTo(new Bank.Active("Ada", 5));
        }

        @Test
        void waits_double_from_the_initial_backoff_up_to_the_cap_less_at_most_the_jitter_share() {
            loop.handle(new Bank.Open("a1", "Ada"), ROOT);
            store.interfere(Integer.MAX_VALUE, () -> rivalDeposits("a1", 1));

            assertThatThrownBy(() -> loop.handle(new Bank.Deposit("a1", 1), ROOT)).isInstanceOf(ConcurrencyConflict.class);

            var waits = sleeper.waits();
            long[] ceilings = {10, 20, 25, 25};
            assertThat(waits).hasSize(ceilings.length);
            for (int i = 0; i < ceilings.length; i++) {
                var ceiling = Duration.ofMillis(ceilings[i]);
                assertThat(waits.get(i)).as("wait %d", i + 1).isLessThanOrEqualTo(ceiling)
                        .isGreaterThanOrEqualTo(ceiling.dividedBy(2));
            }
        }

        @Test
        void an_interrupt_during_the_backoff_ends_the_command_with_the_conflict_and_keeps_the_interrupt() {
            var interrupted = CommandLoop.create(store, BankCodecs.binding(), c -> c.sleeper = duration -> {
                throw new InterruptedException("shutting down");
            });
            interrupted.handle(new Bank.Open("a1", "Ada"), ROOT);
            store.interfere(1, () -> rivalDeposits("a1", 1));
            try {
                assertThatThrownBy(() -> interrupted.handle(new Bank.Deposit("a1", 1), ROOT))
                        .isInstanceOf(ConcurrencyConflict.class)
                        .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class));
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(store.attempts()).hasSize(2);
        }

        @Test
        void with_no_retries_the_first_conflict_is_the_callers() {
            var once = CommandLoop.create(store, BankCodecs.binding(), c -> {
                c.retry = RetryPolicy.none();
                c.sleeper = sleeper;
            });
            once.handle(new Bank.Open("a1", "Ada"), ROOT);
            store.interfere(1, () -> rivalDeposits("a1", 1));

            assertThatThrownBy(() -> once.handle(new Bank.Deposit("a1", 1), ROOT)).isInstanceOf(ConcurrencyConflict.class);
            assertThat(sleeper.waits()).isEmpty();
        }
    }

    @Nested
    class With_a_state_cache {
        private final CommandLoop<Bank.Command, Bank.State, Bank.Event> cached = CommandLoop.create(store,
                BankCodecs.binding(), c -> {
                    c.sleeper = sleeper;
                    c.stateCache = 100;
                });

        @Test
        void commands_on_a_warm_stream_skip_reading_it() {
            cached.handle(new Bank.Open("a1", "Ada"), ROOT);
            cached.handle(new Bank.Deposit("a1", 10), ROOT);
            var result = cached.handle(new Bank.Withdraw("a1", 4), ROOT);

            assertThat(store.streamReads()).as("reads: only the first command's").isEqualTo(1);
            assertThat(result.state()).isEqualTo(new Bank.Active("Ada", 6));
            assertThat(store.attempts()).extracting(RivalStore.Attempt::expected).containsExactly(
                    ExpectedVersion.noStream(), ExpectedVersion.exactly(0), ExpectedVersion.exactly(1));
        }

        @Test
        void a_stale_entry_costs_a_retry_never_a_wrong_write() {
            cached.handle(new Bank.Open("a1", "Ada"), ROOT);
            cached.handle(new Bank.Deposit("a1", 100), ROOT);
            rivalDeposits("a1", 1);
            memory.append("account-a1", ExpectedVersion.any(), NewEvent.of(BankCodecs.WITHDRAWN,
                    BankCodecs.EVENTS.encode(new Bank.Withdrawn(101)).data()));

            assertThatThrownBy(() -> cached.handle(new Bank.Withdraw("a1", 50), ROOT))
                    .isInstanceOfSatisfying(Bank.InsufficientFunds.class, e -> assertThat(e.balance).isZero());
            assertThat(sleeper.waits()).hasSize(1);
            var retried = cached.handle(new Bank.Deposit("a1", 7), ROOT);
            assertThat(retried.attempts()).as("the dropped entry is read afresh, once").isEqualTo(1);
            assertThat(retried.state()).isEqualTo(new Bank.Active("Ada", 7));
        }

        @Test
        void a_rejection_is_checked_against_the_store_once_and_leaves_the_entry_as_it_was() {
            cached.handle(new Bank.Open("a1", "Ada"), ROOT);
            assertThatThrownBy(() -> cached.handle(new Bank.Withdraw("a1", 1), ROOT))
                    .isInstanceOf(Bank.InsufficientFunds.class);

            assertThat(cached.handle(new Bank.Deposit("a1", 3), ROOT).state()).isEqualTo(new Bank.Active("Ada", 3));
            assertThat(store.streamReads()).as("the first command's read, and the rejection's check").isEqualTo(2);
        }

        @Test
        void a_rejection_decided_on_a_stale_entry_does_not_stand_when_the_store_says_otherwise() {
            cached.handle(new Bank.Open("a1", "Ada"), ROOT);
            // around the loop, as a write whose acknowledgement has not reached the cache yet
            rivalDeposits("a1", 100);

            var result = cached.handle(new Bank.Withdraw("a1", 50), ROOT);

            assertThat(result.events()).containsExactly(new Bank.Withdrawn(50));
            assertThat(result.state()).isEqualTo(new Bank.Active("Ada", 50));
            assertThat(sleeper.waits()).as("decided again at once, no conflict to back off from").isEmpty();
        }

        @Test
        void nothing_to_do_decided_on_a_stale_entry_is_checked_against_the_store() {
            cached.handle(new Bank.Open("a1", "Ada"), ROOT);
            cached.handle(new Bank.Close("a1"), ROOT);
            // a rival reopens the account around the loop: the cache still says it is closed
            var reopened = BankCodecs.EVENTS.encode(new Bank.Opened("a1", "Ada"));
            memory.append("account-a1", ExpectedVersion.any(), NewEvent.of(reopened.type(), reopened.data()));

            var result = cached.handle(new Bank.Close("a1"), ROOT);

            assertThat(result.events()).as("decided on the store's state: the account is open").isNotEmpty();
        }

        @Test
        void a_stream_whose_life_is_over_is_not_kept_and_a_later_command_on_it_still_decides_on_the_store() {
            cached.handle(new Bank.Open("a1", "Ada"), ROOT);
            assertThat(cached.keeps("account-a1")).isTrue();

            cached.handle(new Bank.Close("a1"), ROOT);

            assertThat(cached.keeps("account-a1")).as("closed for good: nothing more to decide on it").isFalse();
            assertThat(cached.handle(new Bank.Close("a1"), ROOT).events()).isEmpty();
            assertThat(cached.keeps("account-a1")).isFalse();
        }

        @Test
        void a_negative_size_is_refused() {
            assertThatThrownBy(() -> CommandLoopConfig.of(c -> c.stateCache = -1))
                    .isInstanceOfSatisfying(dev.chorus.core.ValidationError.class,
                            e -> assertThat(e.field()).isEqualTo("stateCache"));
        }
    }

    @Nested
    class Many_clients_on_one_stream {
        @ParameterizedTest(name = "state cache of {0}")
        @ValueSource(ints = {0, 100})
        void concurrent_deposits_on_virtual_threads_all_succeed_and_the_balance_adds_up(int stateCache)
                throws Exception {
            var busy = CommandLoop.create(memory, BankCodecs.binding(), c -> {
                c.retry = new RetryPolicy(10_000, Duration.ofNanos(50_000), Duration.ofMillis(2), 1.0);
                c.stateCache = stateCache;
            });
            busy.handle(new Bank.Open("hot", "Ada"), ROOT);
            int clients = 64;
            int depositsEach = 25;
            var results = new ArrayList<java.util.concurrent.Future<Long>>();
            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    long amount = c + 1;
                    results.add(executor.submit(() -> {
                        long sum = 0;
                        for (int i = 0; i < depositsEach; i++) {
                            sum += busy.handle(new Bank.Deposit("hot", amount), ROOT).events().size() * amount;
                        }
                        return sum;
                    }));
                }
                long deposited = 0;
                for (var result : results) {
                    deposited += result.get(120, java.util.concurrent.TimeUnit.SECONDS);
                }
                long expected = (long) depositsEach * clients * (clients + 1) / 2;
                assertThat(deposited).isEqualTo(expected);
                assertThat(busy.load("account-hot")).isEqualTo(new StreamState<>("account-hot",
                        new Bank.Active("Ada", expected), clients * depositsEach, clients * depositsEach));
            }
        }
    }

    @Test
    void a_binding_with_snapshots_needs_a_state_store() {
        assertThatThrownBy(() -> CommandLoop.create(memory, BankCodecs.binding()
                .withSnapshots(BankCodecs.snapshotsEvery(10, 1)), c -> {}))
                .isInstanceOfSatisfying(dev.chorus.core.ValidationError.class,
                        e -> assertThat(e.field()).isEqualTo("snapshotStore"));
    }
}
