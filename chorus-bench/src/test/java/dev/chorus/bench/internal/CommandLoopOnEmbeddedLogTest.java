package dev.chorus.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.RetryPolicy;
import dev.chorus.core.decider.StreamState;
import dev.chorus.core.decider.TimeTravel;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command loop on the real durable log rather than the in-memory store. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandLoopOnEmbeddedLogTest {
    static final MessageContext ROOT = MessageContext.root();

    @TempDir
    Path dir;

    @Test
    void acknowledged_commands_survive_a_reopen_and_time_travel_reads_the_same_history() {
        long createdAt;
        StreamState<BenchAccount.State> before;
        try (var log = EmbeddedLog.open(LogConfig.defaults(dir)); var states = new InMemoryStateStore()) {
            var loop = CommandLoop.create(log, BenchAccount.binding().withSnapshots(BenchAccount.snapshotsEvery(3)),
                    c -> c.snapshotStore = states);
            createdAt = loop.handle(new BenchAccount.CreateAccount("a"), ROOT).position();
            for (int amount = 1; amount <= 7; amount++) {
                loop.handle(new BenchAccount.Deposit("a", amount), ROOT);
            }
            before = loop.load("account-a");
        }
        try (var log = EmbeddedLog.open(LogConfig.defaults(dir))) {
            var loop = CommandLoop.create(log, BenchAccount.binding(), c -> {});
            var travel = TimeTravel.over(log, BenchAccount.binding());

            assertThat(loop.load("account-a")).isEqualTo(before)
                    .isEqualTo(new StreamState<>("account-a", new BenchAccount.State(true, 28), 7, 7));
            assertThat(travel.stateAt("account-a", createdAt).state()).isEqualTo(new BenchAccount.State(true, 0));
            assertThat(travel.stateAt("account-a", 3).state()).isEqualTo(new BenchAccount.State(true, 6));
            assertThat(log.readAll(0, 100)).extracting(RecordedEvent::type)
                    .containsOnly(BenchAccount.CREATED, BenchAccount.DEPOSITED).hasSize(8);
        }
    }

    @Test
    void concurrent_deposits_into_one_account_on_virtual_threads_all_land_with_the_state_cache_on() throws Exception {
        int clients = 32;
        int each = 10;
        try (var log = EmbeddedLog.open(LogConfig.defaults(dir))) {
            var loop = CommandLoop.create(log, BenchAccount.binding(), c -> {
                c.retry = new RetryPolicy(10_000, Duration.ofNanos(100_000), Duration.ofMillis(5), 1.0);
                c.stateCache = 10;
            });
            loop.handle(new BenchAccount.CreateAccount("hot"), ROOT);
            var done = new ArrayList<Future<?>>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    done.add(executor.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            loop.handle(new BenchAccount.Deposit("hot", 2), ROOT);
                        }
                        return null;
                    }));
                }
                for (var future : done) {
                    future.get(120, TimeUnit.SECONDS);
                }
            }
            assertThat(loop.load("account-hot")).isEqualTo(new StreamState<>("account-hot",
                    new BenchAccount.State(true, 2L * clients * each), clients * each, clients * each));
            assertThat(log.headPosition()).isEqualTo(1 + clients * each);
        }
    }
}
