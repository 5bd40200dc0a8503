package dev.chorus.kafka;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A consumer's thread that hands each poll's records to {@code handle} and commits their offsets once it returns:
 * when it throws (the store or the broker failing), the same records come again a second later. What ends the thread
 * closes the consumer.
 */
final class PollingLoop implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ConsumerRecords<byte[], byte[]>> handle;
    private final Consumer<String> log;
    private final String name;
    private final Thread thread;
    private volatile boolean closing;

    private PollingLoop(KafkaConsumer<byte[], byte[]> consumer, String name,
                        Consumer<ConsumerRecords<byte[], byte[]>> handle, Consumer<String> log) {
        this.consumer = consumer;
        this.name = name;
        this.handle = handle;
        this.log = log;
        this.thread = Thread.ofPlatform().name("chorus-" + name).daemon().unstarted(this::run);
    }

    /** Starts polling {@code consumer}, already subscribed, on a thread named after {@code name}. */
    static PollingLoop start(KafkaConsumer<byte[], byte[]> consumer, String name,
                             Consumer<ConsumerRecords<byte[], byte[]>> handle, Consumer<String> log) {
        var loop = new PollingLoop(consumer, name, handle, log);
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = ConsumerRecords.empty();
                try {
                    records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        handle.accept(records);
                        consumer.commitSync(Polled.nextOffsets(records));
                    }
                } catch (WakeupException closed) {
                    break;
                } catch (RuntimeException e) {
                    log.accept(name + ": " + e + "; trying again");
                    if (!seekBackAndPause(records)) {
                        break;
                    }
                }
            }
        } catch (Error fatal) {
            log.accept(name + " stopped: " + fatal);
            throw fatal;
        } finally {
            consumer.close();
        }
    }

    /** Whether to go on: false once the thread is interrupted. */
    private boolean seekBackAndPause(ConsumerRecords<byte[], byte[]> records) {
        try {
            Polled.seekBack(consumer, records);
        } catch (RuntimeException notAssigned) {
            // the partitions moved: their next owner starts from the committed offsets
        }
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops polling and waits for the thread, which closes the consumer. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
