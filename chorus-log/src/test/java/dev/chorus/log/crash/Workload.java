package dev.chorus.log.crash;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * What the crashing child writes, shared with the test that checks it: every event carries an id
 * naming its append and its place in it, and its payload is derived from that id alone, so the test can
 * check any event it finds, acknowledged or not, without the child having said anything about it.
 */
final class Workload {
    static final EventType TYPE = EventType.of("Crash.Probe", 1);
    /** Metadata key holding {@code appendId/index/count}. */
    static final String ID = "crash-id";

    private Workload() {}

    /** The append {@code seq} of writer {@code thread} in {@code round}. */
    static String appendId(int round, int thread, long seq) {
        return "r" + round + "t" + thread + "n" + seq;
    }

    static NewEvent event(String appendId, int index, int count) {
        String id = eventId(appendId, index, count);
        return new NewEvent(TYPE, payload(id), Map.of(ID, id));
    }

    static String eventId(String appendId, int index, int count) {
        return appendId + "/" + index + "/" + count;
    }

    /**
     * Mostly small payloads, some of a few KiB and a few larger than a quarter of a 64 KiB segment, so
     * that segments roll often and an atomic append can be larger than a segment.
     */
    static byte[] payload(String eventId) {
        byte[] idBytes = eventId.getBytes(StandardCharsets.UTF_8);
        var random = new SplittableRandom(seedOf(idBytes));
        int pick = random.nextInt(100);
        int size = pick < 75 ? random.nextInt(8, 256) : pick < 97 ? random.nextInt(256, 3_000)
                : pick < 99 ? random.nextInt(3_000, 20_000) : random.nextInt(64 << 10, 256 << 10);
        byte[] data = new byte[idBytes.length + 1 + size];
        System.arraycopy(idBytes, 0, data, 0, idBytes.length);
        data[idBytes.length] = ':';
        for (int i = idBytes.length + 1; i < data.length; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return data;
    }

    static long crc(byte[] data) {
        var crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    /** The id of an event the workload wrote, parsed back. */
    record Id(String appendId, int index, int count) {
        static Id of(RecordedEvent event) {
            String id = event.metadata().get(ID);
            if (id == null) {
                throw new IllegalStateException("event at position " + event.position() + " has no " + ID);
            }
            String[] parts = id.split("/");
            return new Id(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        String text() {
            return eventId(appendId, index, count);
        }
    }

    private static long seedOf(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }
}
