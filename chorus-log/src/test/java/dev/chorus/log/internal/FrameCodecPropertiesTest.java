package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A record decodes to exactly what was encoded, whatever the stream, types, metadata and payload. */
class FrameCodecPropertiesTest {
    record Frame(String streamId, List<NewEvent> events, long firstPosition, long firstVersion) {}

    record Damage(NewEvent event, int where, int flip) {}

    static final Gen<String> STREAM_IDS = Gen.unicode(1, 190);

    /** The well-known keys in every form the codec distinguishes, plus free-form keys. */
    static final Gen<Map<String, String>> METADATA = random -> {
        Gen<String> idForm = Gen.frequencyOf(r -> UUID.randomUUID().toString(), Gen.unicode(0, 50), r -> null,
                FrameCodecPropertiesTest::almostCanonicalUuid);
        String id = idForm.next(random);
        int sameAs = random.nextInt(4);
        var metadata = new HashMap<>(Gen.maps(Gen.alphanumeric(1, 20).map(k -> "x-" + k), Gen.unicode(0, 50), 4)
                .next(random));
        put(metadata, Metadata.EVENT_ID, id);
        put(metadata, Metadata.CORRELATION_ID, sameAs == 1 ? id : idForm.next(random));
        put(metadata, Metadata.CAUSATION_ID, sameAs >= 2 ? id : idForm.next(random));
        if (sameAs != 3) {
            metadata.put(Metadata.RECORDED_AT, "2026-11-26T09:00:00.123Z");
        }
        return metadata;
    };

    static final Gen<NewEvent> EVENTS = random -> new NewEvent(
            EventType.of("T" + Gen.alphanumeric(1, 40).next(random), Gen.ints(1, 1000).next(random)),
            Gen.bytes(3000).next(random), METADATA.next(random));

    @Test
    void a_stamped_frame_decodes_to_the_events_that_were_encoded() {
        Gen<Frame> frames = random -> new Frame(STREAM_IDS.next(random), EVENTS.list(1, 6).next(random),
                Gen.longs(0, Long.MAX_VALUE / 2).next(random), Gen.longs(0, Long.MAX_VALUE / 2).next(random));
        PropertyCheck.forAll(300, frames, sample -> {
            byte[] frame = FrameCodec.encode(sample.streamId(), sample.events());
            FrameCodec.stamp(frame, sample.firstPosition(), sample.firstVersion());

            var decoded = FrameCodec.decode(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER);

            assertThat(FrameCodec.readInt(frame, 4)).isEqualTo(frame.length - FrameCodec.HEADER);
            assertThat(FrameCodec.readInt(frame, 8))
                    .isEqualTo(FrameCodec.crc(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER));
            assertThat(decoded).hasSize(sample.events().size());
            for (int i = 0; i < sample.events().size(); i++) {
                RecordedEvent got = decoded.get(i);
                NewEvent sent = sample.events().get(i);
                assertThat(got.streamId()).isEqualTo(sample.streamId());
                assertThat(got.position()).isEqualTo(sample.firstPosition() + i);
                assertThat(got.version()).isEqualTo(sample.firstVersion() + i);
                assertThat(got.type()).isEqualTo(sent.type());
                assertThat(got.data()).isEqualTo(sent.data());
                assertThat(got.metadata()).isEqualTo(sent.metadata());
            }
        });
    }

    @Test
    void events_without_metadata_stamped_as_they_are_encoded_decode_with_the_metadata_a_store_stamps() {
        var clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-26T09:00:00.123Z"), java.time.ZoneOffset.UTC);
        var bare = NewEvent.of(EventType.of("T", 1), new byte[] {1, 2, 3});
        var own = new NewEvent(EventType.of("U", 2), new byte[] {4}, Map.of(Metadata.EVENT_ID, "mine",
                Metadata.RECORDED_AT, "2026-11-26T09:00:00.123Z"));

        byte[] frame = FrameCodec.encode("s", List.of(bare, own, bare), "2026-11-26T09:00:00.123Z", clock);
        FrameCodec.stamp(frame, 5, 0);
        var decoded = FrameCodec.decode(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER);

        for (int i : new int[] {0, 2}) {
            var metadata = decoded.get(i).metadata();
            String id = metadata.get(Metadata.EVENT_ID);
            assertThat(UUID.fromString(id).version()).isEqualTo(7);
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
            assertThat(metadata).containsOnly(Map.entry(Metadata.EVENT_ID, id), Map.entry(Metadata.CORRELATION_ID, id),
                    Map.entry(Metadata.CAUSATION_ID, id), Map.entry(Metadata.RECORDED_AT, "2026-11-26T09:00:00.123Z"));
            assertThat(decoded.get(i).data()).containsExactly(1, 2, 3);
        }
        assertThat(decoded.get(0).metadata().get(Metadata.EVENT_ID))
                .isNotEqualTo(decoded.get(2).metadata().get(Metadata.EVENT_ID));
        assertThat(decoded.get(1).metadata()).isEqualTo(own.metadata());
    }

    @Test
    void any_flipped_byte_of_the_payload_fails_the_checksum() {
        Gen<Damage> damages = random -> new Damage(EVENTS.next(random), random.nextInt(10_000), 1 + random.nextInt(255));
        PropertyCheck.forAll(200, damages, sample -> {
            byte[] frame = FrameCodec.encode("stream-1", List.of(sample.event()));
            FrameCodec.stamp(frame, 7, 3);
            int at = FrameCodec.HEADER + sample.where() % (frame.length - FrameCodec.HEADER);
            frame[at] ^= (byte) sample.flip();

            assertThat(FrameCodec.crc(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER))
                    .isNotEqualTo(FrameCodec.readInt(frame, 8));
        });
    }

    @Test
    void a_truncated_payload_is_refused_not_misread() {
        Gen<Damage> cuts = random -> new Damage(EVENTS.next(random), 1 + random.nextInt(10_000), 0);
        PropertyCheck.forAll(100, cuts, sample -> {
            byte[] frame = FrameCodec.encode("stream-1", List.of(sample.event()));
            int payload = frame.length - FrameCodec.HEADER;
            int shorter = payload - 1 - sample.where() % payload;

            assertThatThrownBy(() -> FrameCodec.decode(frame, FrameCodec.HEADER, shorter))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    /** A UUID's text with one character changed: upper case, a non-hex letter, a dash moved, or one char more. */
    private static String almostCanonicalUuid(java.util.random.RandomGenerator random) {
        var text = new StringBuilder(UUID.randomUUID().toString());
        int at = random.nextInt(36);
        switch (random.nextInt(4)) {
            case 0 -> text.setCharAt(at, Character.toUpperCase(text.charAt(at) == '-' ? 'a' : text.charAt(at)));
            case 1 -> text.setCharAt(at, 'g');
            case 2 -> text.setCharAt(at, text.charAt(at) == '-' ? '0' : '-');
            default -> text.insert(at, '0');
        }
        return text.toString();
    }

    private static void put(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }
}
