package dev.chorus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class InFlightTest {
    /** Events 0..n-1: each needs no send (skip), or is sent and acknowledged, or is sent and refused. */
    private record Sample(List<Integer> kinds, long shuffle, int percentCompleted) {}

    private static final int SKIP = 0;
    private static final int REFUSED = 1;

    @Test
    void the_watermark_stops_at_the_first_event_not_acknowledged_whatever_order_the_acks_come_in() {
        var samples = Gen.combine(Gen.ints(0, 5).list(1, 60), Gen.longs(0, Long.MAX_VALUE),
                (kinds, shuffle) -> new Sample(kinds, shuffle, (int) (shuffle % 101)));

        PropertyCheck.forAll(500, samples, sample -> {
            var inFlight = new InFlight(64, 0);
            var sends = new ArrayList<CompletableFuture<RecordMetadata>>();
            var positions = new ArrayList<Integer>();
            for (int position = 0; position < sample.kinds().size(); position++) {
                if (sample.kinds().get(position) == SKIP) {
                    inFlight.skip(position);
                } else {
                    var send = new CompletableFuture<RecordMetadata>();
                    inFlight.awaitRoom();
                    inFlight.add(position, send);
                    sends.add(send);
                    positions.add(position);
                }
            }
            var order = new ArrayList<Integer>();
            for (int i = 0; i < sends.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(sample.shuffle()));
            int completed = order.size() * sample.percentCompleted() / 100;
            var done = new boolean[sends.size()];
            for (int i = 0; i < completed; i++) {
                int send = order.get(i);
                if (sample.kinds().get(positions.get(send)) == REFUSED) {
                    sends.get(send).completeExceptionally(new OutOfOrderSequenceException("refused"));
                } else {
                    sends.get(send).complete(null);
                    done[send] = true;
                }
            }

            long expected = sample.kinds().size();
            int acknowledged = sends.size();
            for (int send = 0; send < sends.size(); send++) {
                if (!done[send]) {
                    expected = positions.get(send);
                    acknowledged = send;
                    break;
                }
            }
            assertThat(inFlight.retire()).isEqualTo(expected);
            assertThat(inFlight.acknowledged()).isEqualTo(acknowledged);
            boolean stoppedByRefusal = acknowledged < sends.size()
                    && sends.get(acknowledged).isCompletedExceptionally();
            assertThat(inFlight.failure() != null).isEqualTo(stoppedByRefusal);
        });
    }

    @Test
    void waiting_for_all_reports_a_refused_send_and_one_still_in_flight() throws Exception {
        var refused = new InFlight(4, 10);
        refused.add(10, CompletableFuture.failedFuture(new OutOfOrderSequenceException("refused")));
        assertThatThrownBy(() -> refused.awaitAll(Duration.ofSeconds(1))).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OutOfOrderSequenceException.class);
        assertThat(refused.retire()).isEqualTo(10);

        var pending = new InFlight(4, 10);
        pending.add(10, CompletableFuture.completedFuture(null));
        pending.add(11, new CompletableFuture<>());
        assertThatThrownBy(() -> pending.awaitAll(Duration.ofMillis(1))).isInstanceOf(TimeoutException.class);
        assertThat(pending.retire()).isEqualTo(11);
    }

    @Test
    void a_full_window_waits_for_its_oldest_send() throws Exception {
        var inFlight = new InFlight(2, 0);
        var oldest = new CompletableFuture<RecordMetadata>();
        inFlight.add(0, oldest);
        inFlight.add(1, new CompletableFuture<>());
        var room = CompletableFuture.runAsync(() -> {
            try {
                inFlight.awaitRoom();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(room).isNotDone();

        oldest.complete(null);
        room.get();

        assertThat(inFlight.acknowledged()).isEqualTo(1);
    }
}
