package dev.chorus.log.state;

import dev.chorus.core.state.StateWrite;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * The child JVM that {@link KillingTheStateWriterTest} kills. It opens the store, writes the ballast once (enough
 * state that each snapshot takes a while), prints {@code READY}, then commits from several threads until it is
 * SIGKILLed, printing {@code ACK <thread> <seq>} after each commit returns. Arguments: dir, compactAfterBytes,
 * threads, ballast entries, ballast value bytes.
 */
public final class CrashingCommitter {
    /** Unbuffered: a line is one write(2) to the pipe, on its way to the test before the call returns. */
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashingCommitter() {}

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        long compactAfterBytes = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        int ballast = Integer.parseInt(args[3]);
        int ballastBytes = Integer.parseInt(args[4]);
        dieWithParent();

        var store = EmbeddedStateStore.open(StateStoreConfig.of(dir, c -> c.compactAfterBytes = compactAfterBytes));
        if (store.scan(CrashWorkload.BALLAST, 1).isEmpty()) {
            for (int from = 0; from < ballast; from += 100) {
                var writes = new ArrayList<StateWrite>();
                for (int i = from; i < Math.min(ballast, from + 100); i++) {
                    writes.add(StateWrite.put(CrashWorkload.ballastKey(i), CrashWorkload.ballastValue(i, ballastBytes)));
                }
                store.commit(writes);
            }
        }
        line("READY");
        var workers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            // both kinds of committer: the writer must serve virtual and platform threads alike
            var builder = t % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
            workers.add(builder.name("committer-" + t).start(() -> {
                long seq = store.get(CrashWorkload.nextKey(thread)).map(CrashWorkload::decode).orElse(0L);
                for (; ; seq++) {
                    try {
                        store.commit(CrashWorkload.commit(thread, seq));
                    } catch (RuntimeException e) {
                        line("FAILED " + thread + " " + seq + " " + String.valueOf(e).replace('\n', ' '));
                        return;
                    }
                    line("ACK " + thread + " " + seq);
                }
            }));
        }
        for (var worker : workers) {
            worker.join();
        }
    }

    static synchronized void line(String line) {
        try {
            OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Halts when stdin closes (the test JVM went away) or after two minutes, so no child outlives a broken run. */
    private static void dieWithParent() {
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the test sends nothing; end of input means it is gone
                }
            } catch (IOException ignored) {
                // the same: the parent is gone
            }
            Runtime.getRuntime().halt(3);
        });
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            line("EXPIRED");
            Runtime.getRuntime().halt(4);
        });
    }
}
