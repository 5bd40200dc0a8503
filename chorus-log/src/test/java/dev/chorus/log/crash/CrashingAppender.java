package dev.chorus.log.crash;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The child JVM that {@link KillingTheWriterTest} kills: it opens the log and appends from several
 * threads until it is SIGKILLed, printing each append before it starts ({@code BEGIN}) and once it is
 * acknowledged ({@code ACK}). Arguments: data dir, segment bytes, seed, round, threads.
 */
public final class CrashingAppender {
    static final int SHARED_STREAMS = 4;
    private static final int MAX_EVENTS_PER_APPEND = 6;

    private CrashingAppender() {}

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        long segmentBytes = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        int round = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        ChildOutput.dieWithParent(Duration.ofSeconds(30));

        var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.segmentBytes = segmentBytes));
        ChildOutput.line("READY " + log.headPosition());
        var writers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            var writer = new Writer(log, round, t, new SplittableRandom(seed * 1_000_003L + t));
            // both kinds of appender: the writer thread must serve virtual and platform threads alike
            var builder = t % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
            writers.add(builder.name("appender-" + t).start(writer));
        }
        for (var writer : writers) {
            writer.join();
        }
    }

    static String ownedStream(int thread) {
        return "owned-" + thread;
    }

    /** Appends forever: to shared streams with any version, and to its own stream with its exact version. */
    private record Writer(EmbeddedLog log, int round, int thread, SplittableRandom random) implements Runnable {
        @Override
        public void run() {
            String owned = ownedStream(thread);
            long ownedVersion = log.streamVersion(owned);
            for (long seq = 0; ; seq++) {
                String appendId = Workload.appendId(round, thread, seq);
                int count = random.nextBoolean() ? 1 : random.nextInt(2, MAX_EVENTS_PER_APPEND + 1);
                boolean own = random.nextInt(10) < 4;
                String stream = own ? owned : "shared-" + random.nextInt(SHARED_STREAMS);
                ExpectedVersion expected = !own ? ExpectedVersion.any()
                        : ownedVersion < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(ownedVersion);
                var events = new ArrayList<NewEvent>(count);
                for (int i = 0; i < count; i++) {
                    events.add(Workload.event(appendId, i, count));
                }
                ChildOutput.line("BEGIN " + appendId);
                AppendResult result;
                try {
                    result = log.append(stream, expected, events);
                } catch (RuntimeException e) {
                    ChildOutput.line("FAILED " + appendId + " " + String.valueOf(e).replace('\n', ' '));
                    return;
                }
                if (own) {
                    ownedVersion = result.lastVersion();
                }
                ChildOutput.line(Ack.of(appendId, result, events).line());
            }
        }
    }

    /** An acknowledged append, as the child reports it and the test reads it back. */
    record Ack(String appendId, String stream, long firstPosition, long lastVersion, List<Long> crcs) {
        static Ack of(String appendId, AppendResult result, List<NewEvent> events) {
            return new Ack(appendId, result.streamId(), result.firstPosition(), result.lastVersion(),
                    events.stream().map(e -> Workload.crc(e.data())).toList());
        }

        static Ack parse(String line) {
            String[] f = line.split(" ");
            if (f.length != 6 || !f[0].equals("ACK")) {
                throw new IllegalArgumentException("not an ACK line: " + line);
            }
            var crcs = new ArrayList<Long>();
            for (String crc : f[5].split(",")) {
                crcs.add(Long.parseLong(crc));
            }
            return new Ack(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), crcs);
        }

        int count() {
            return crcs.size();
        }

        long lastPosition() {
            return firstPosition + count() - 1;
        }

        long firstVersion() {
            return lastVersion - count() + 1;
        }

        String line() {
            return "ACK " + appendId + " " + stream + " " + firstPosition + " " + lastVersion + " "
                    + crcs.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
    }
}
