package dev.chorus.core.handler.internal;

import dev.chorus.core.RecordedEvent;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The streams a handler holds back behind a dead letter, and their waiting events. Durable layout, under
 * the handler's base key:
 * <ul>
 * <li>{@code parked-stream/<hash>}: the blocking dead letter's position and the stream id;</li>
 * <li>{@code parked/<hash>/<position>}: one empty key per waiting event, in position order.</li>
 * </ul>
 * Stream ids are hashed in keys because they may be longer than a key allows and may contain '/'.
 * This object mirrors the first kind in memory; the runner changes it only after a commit succeeded.
 */
final class ParkedStreams {
    private static final byte[] EMPTY = new byte[0];
    private final String streamsPrefix;
    private final String eventsPrefix;
    private final Map<String, Long> blockers = new LinkedHashMap<>();

    ParkedStreams(String base) {
        this.streamsPrefix = base + "parked-stream/";
        this.eventsPrefix = base + "parked/";
    }

    void load(StateStore state) {
        blockers.clear();
        state.forEach(streamsPrefix, entry -> {
            var value = ByteBuffer.wrap(entry.value());
            long blocker = value.getLong();
            byte[] stream = new byte[value.remaining()];
            value.get(stream);
            blockers.put(new String(stream, StandardCharsets.UTF_8), blocker);
        });
    }

    OptionalLong blockerOf(String streamId) {
        Long blocker = blockers.get(streamId);
        return blocker == null ? OptionalLong.empty() : OptionalLong.of(blocker);
    }

    Map<String, Long> snapshot() {
        return Map.copyOf(blockers);
    }

    StateWrite park(RecordedEvent event) {
        return StateWrite.put(eventsPrefix(event.streamId()) + pad(event.position()), EMPTY);
    }

    StateWrite block(String streamId, long blockerPosition) {
        byte[] stream = streamId.getBytes(StandardCharsets.UTF_8);
        var value = ByteBuffer.allocate(8 + stream.length).putLong(blockerPosition).put(stream).array();
        return StateWrite.put(streamsPrefix + hash(streamId), value);
    }

    StateWrite unblock(String streamId) {
        return StateWrite.delete(streamsPrefix + hash(streamId));
    }

    String eventsPrefix(String streamId) {
        return eventsPrefix + hash(streamId) + "/";
    }

    static long positionOf(String parkedKey) {
        return Long.parseLong(parkedKey.substring(parkedKey.lastIndexOf('/') + 1));
    }

    void blocked(String streamId, long blockerPosition) {
        blockers.put(streamId, blockerPosition);
    }

    void released(String streamId) {
        blockers.remove(streamId);
    }

    static String pad(long position) {
        return String.format("%019d", position);
    }

    private static String hash(String streamId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(streamId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
