package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** A record decodes to exactly what was encoded, whatever the stream, types, metadata and payload. */
class FrameCodecProperties {

    @Property(tries = 300)
    void a_stamped_frame_decodes_to_the_events_that_were_encoded(
            @ForAll("streamIds") String streamId,
            @ForAll("eventLists") List<NewEvent> events,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long firstPosition,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long firstVersion) {
        byte[] frame = FrameCodec.encode(streamId, events);
        FrameCodec.stamp(frame, firstPosition, firstVersion);

        var decoded = FrameCodec.decode(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER);

        assertThat(FrameCodec.readInt(frame, 4)).isEqualTo(frame.length - FrameCodec.HEADER);
        assertThat(FrameCodec.readInt(frame, 8))
                .isEqualTo(FrameCodec.crc(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER));
        assertThat(decoded).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent got = decoded.get(i);
            NewEvent sent = events.get(i);
            assertThat(got.streamId()).isEqualTo(streamId);
            assertThat(got.position()).isEqualTo(firstPosition + i);
            assertThat(got.version()).isEqualTo(firstVersion + i);
            assertThat(got.type()).isEqualTo(sent.type());
            assertThat(got.data()).isEqualTo(sent.data());
            assertThat(got.metadata()).isEqualTo(sent.metadata());
        }
    }

    @Property(tries = 200)
    void any_flipped_byte_of_the_payload_fails_the_checksum(@ForAll("events") NewEvent event,
                                                            @ForAll @IntRange(min = 0, max = 10_000) int where,
                                                            @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] frame = FrameCodec.encode("stream-1", List.of(event));
        FrameCodec.stamp(frame, 7, 3);
        int at = FrameCodec.HEADER + where % (frame.length - FrameCodec.HEADER);
        frame[at] ^= (byte) flip;

        assertThat(FrameCodec.crc(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER))
                .isNotEqualTo(FrameCodec.readInt(frame, 8));
    }

    @Property(tries = 100)
    void a_truncated_payload_is_refused_not_misread(@ForAll("events") NewEvent event,
                                                   @ForAll @IntRange(min = 1, max = 10_000) int cut) {
        byte[] frame = FrameCodec.encode("stream-1", List.of(event));
        int payload = frame.length - FrameCodec.HEADER;
        int shorter = payload - 1 - cut % payload;

        assertThatThrownBy(() -> FrameCodec.decode(frame, FrameCodec.HEADER, shorter))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> streamIds() {
        var plain = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', ':', 'é', '日')
                .ofMinLength(1).ofMaxLength(190);
        return Combinators.combine(plain, Arbitraries.of("", "\uD83D\uDE00")).as((text, emoji) -> text + emoji);
    }

    @Provide
    Arbitrary<List<NewEvent>> eventLists() {
        return events().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<NewEvent> events() {
        var type = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(40),
                Arbitraries.integers().between(1, 1000)).as((name, version) -> EventType.of("T" + name, version));
        var data = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        return Combinators.combine(type, data, metadata()).as(NewEvent::new);
    }

    /** The well-known keys in every form the codec distinguishes, plus free-form keys. */
    private Arbitrary<Map<String, String>> metadata() {
        var uuid = Arbitraries.create(() -> UUID.randomUUID().toString());
        var text = Arbitraries.strings().ofMaxLength(50);
        var idForm = Arbitraries.oneOf(uuid, text, Arbitraries.just(""), Arbitraries.just(null));
        var others = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(k -> "x-" + k),
                text).ofMaxSize(4);
        return Combinators.combine(idForm, idForm, idForm, Arbitraries.of(0, 1, 2, 3), others)
                .as((id, correlation, causation, sameAs, extra) -> {
                    var metadata = new HashMap<String, String>(extra);
                    put(metadata, Metadata.EVENT_ID, id);
                    put(metadata, Metadata.CORRELATION_ID, sameAs == 1 ? id : correlation);
                    put(metadata, Metadata.CAUSATION_ID, sameAs >= 2 ? id : causation);
                    if (sameAs != 3) {
                        metadata.put(Metadata.RECORDED_AT, "2026-11-26T09:00:00.123Z");
                    }
                    return metadata;
                });
    }

    private static void put(Map<String, String> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }
}
