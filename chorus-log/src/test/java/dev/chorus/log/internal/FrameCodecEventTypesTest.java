package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The decoder reuses the previous event's type when the next one's name is the same: never when it is not. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FrameCodecEventTypesTest {
    /** Names of one length that differ in one byte, a longer one sharing their prefix, and versions of each. */
    private static final List<EventType> TYPES = List.of(
            EventType.of("shop.OrderPlaced", 1), EventType.of("shop.OrderPlaced", 2),
            EventType.of("shop.OrderPlacee", 1), EventType.of("shop.OrderPlacedAgain", 1),
            EventType.of("shop.Order-", 1), EventType.of("shop.Order_", 1));

    @Test
    void every_event_of_a_frame_decodes_to_its_own_type_whatever_the_type_before_it() {
        Gen<List<EventType>> sequences = Gen.<EventType>oneOf(TYPES.toArray(EventType[]::new)).list(1, 12);
        PropertyCheck.forAll(300, sequences, types -> {
            var events = types.stream().map(type -> NewEvent.of(type, new byte[] {1, 2, 3})).toList();
            byte[] frame = FrameCodec.encode("stream-1", events);
            FrameCodec.stamp(frame, 40, 0);

            var decoded = FrameCodec.decode(frame, FrameCodec.HEADER, frame.length - FrameCodec.HEADER);

            assertThat(decoded).extracting(RecordedEvent::type).containsExactlyElementsOf(types);
        });
    }
}
