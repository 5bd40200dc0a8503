package dev.chorus.bench.internal;

import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.decider.CommandResult;
import dev.chorus.core.decider.SnapshotOutcome;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateStore;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import dev.chorus.log.WriterStats;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the workload on a fresh durable log: phase 1 creates the accounts, phase 2 deposits into random
 * ones. Each client waits for its command's result, which the loop returns only once the event is fsync'd.
 */
final class CommandRun {
    /**
     * How the run's clients, snapshots and state cache are set up.
     *
     * @param key suffix of the run's figures in the JSON line
     */
    record Setup(String label, String key, int clients, boolean virtual, int snapshotEvery, int stateCache) {
        boolean snapshots() {
            return snapshotEvery > 0;
        }
    }

    /**
     * @param created     accounts created (phase 1 may stop short at its time cap)
     * @param eventsInLog the log's head after the run: must equal the commands acknowledged
     * @param retries     version conflicts retried (two clients on one account at once)
     * @param gaveUp      commands still conflicting after the retry policy's last try: not acknowledged
     * @param snapshots   snapshots written
     * @param writer      the log's group commit over the run: appends per fsync, time in fsync
     */
    record Result(Setup setup, CommandClients.Round create, LatencyHistogram createLatency,
                  CommandClients.Round deposit, LatencyHistogram depositLatency, long created, long eventsInLog,
                  long retries, long gaveUp, long snapshots, WriterStats writer) {
        long acknowledged() {
            return create.commands() + deposit.commands() - gaveUp;
        }

        boolean consistent() {
            return eventsInLog == acknowledged();
        }
    }

    private CommandRun() {}

    static Result run(Path dir, Setup setup, int accounts, int deposits, Duration cap)
            throws InterruptedException {
        var binding = setup.snapshots() ? BenchAccount.binding().withSnapshots(BenchAccount.snapshotsEvery(setup.snapshotEvery()))
                : BenchAccount.binding();
        var retries = new AtomicLong();
        var gaveUp = new AtomicLong();
        var snapshots = new AtomicLong();
        var createLatency = new LatencyHistogram();
        var depositLatency = new LatencyHistogram();
        MessageContext context = MessageContext.root();
        // Snapshots go where a service keeps them: the durable state store beside the log, fsync'd on commit.
        try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.ALWAYS));
             StateStore states = setup.snapshots() ? EmbeddedStateStore.open(StateStoreConfig.besideLog(dir))
                     : new InMemoryStateStore()) {
            var loop = CommandLoop.create(log, binding, c -> {
                c.snapshotStore = states;
                c.stateCache = setup.stateCache();
            });
            String[] ids = new String[accounts];
            for (int i = 0; i < accounts; i++) {
                ids[i] = "acc-" + i;
            }
            var create = CommandClients.run("bench-create", setup.clients(), setup.virtual(), accounts, cap, 1,
                    (client, n, random) -> {
                        long t0 = System.nanoTime();
                        try {
                            var result = loop.handle(new BenchAccount.CreateAccount(ids[(int) n]), context);
                            count(result, retries, snapshots);
                        } catch (ConcurrencyConflict exhausted) {
                            gaveUp.incrementAndGet();
                        }
                        createLatency.record(System.nanoTime() - t0);
                    });
            int created = (int) create.commands();
            var deposit = CommandClients.run("bench-deposit", setup.clients(), setup.virtual(),
                    created == 0 ? 0 : deposits, cap, 2, (client, n, random) -> {
                        var command = new BenchAccount.Deposit(ids[random.nextInt(created)], 1 + random.nextInt(1000));
                        long t0 = System.nanoTime();
                        try {
                            var result = loop.handle(command, context);
                            count(result, retries, snapshots);
                        } catch (ConcurrencyConflict exhausted) {
                            gaveUp.incrementAndGet();
                        }
                        depositLatency.record(System.nanoTime() - t0);
                    });
            return new Result(setup, create, createLatency, deposit, depositLatency, created, log.headPosition(),
                    retries.get(), gaveUp.get(), snapshots.get(), log.writerStats());
        }
    }

    private static void count(CommandResult<?, ?> result, AtomicLong retries, AtomicLong snapshots) {
        if (result.attempts() > 1) {
            retries.addAndGet(result.attempts() - 1);
        }
        if (result.snapshot() instanceof SnapshotOutcome.Written) {
            snapshots.incrementAndGet();
        } else if (result.snapshot() instanceof SnapshotOutcome.Failed failed) {
            throw failed.error();
        }
    }
}
