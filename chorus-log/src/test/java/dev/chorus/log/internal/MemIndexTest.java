package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Each entry of the active segment's index reads back as added, however many streams and whoever reads meanwhile. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MemIndexTest {
    private static final long LAST_OFFSET = 0xFFFF_FFFFL;

    @Test
    void versions_positions_and_offsets_read_back_forward_and_backward() {
        var index = new MemIndex();
        // a frame of three events, another stream's frame between, then one at the last offset an entry holds
        index.add("s", 7, 1_000_000, 3, 40);
        index.add("other", 0, 1_000_003, 1, 400);
        index.add("s", 10, 1_000_004, 1, LAST_OFFSET);

        assertThat(entries(index.entries("s", 0, true))).containsExactly(
                List.of(7L, 1_000_000L, 40L), List.of(8L, 1_000_001L, 40L), List.of(9L, 1_000_002L, 40L),
                List.of(10L, 1_000_004L, LAST_OFFSET));
        assertThat(entries(index.entries("s", 9, false))).containsExactly(
                List.of(9L, 1_000_002L, 40L), List.of(8L, 1_000_001L, 40L), List.of(7L, 1_000_000L, 40L));
        assertThat(entries(index.entries("s", 9, true))).containsExactly(
                List.of(9L, 1_000_002L, 40L), List.of(10L, 1_000_004L, LAST_OFFSET));
        assertThat(entries(index.entries("s", 11, true))).isEmpty();
        assertThat(entries(index.entries("s", 6, false))).isEmpty();
        assertThat(entries(index.entries("other", 0, true))).containsExactly(List.of(0L, 1_000_003L, 400L));
        assertThat(index.lastVersion("s")).isEqualTo(10);
        assertThat(index.lastVersion("none")).isEqualTo(-1);
    }

    @Test
    void streams_whose_ids_share_a_hash_code_or_are_not_ascii_are_told_apart() {
        var index = new MemIndex();
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        index.add("Aa", 0, 0, 1, 0);
        index.add("BB", 5, 1, 1, 10);
        index.add("é", 3, 2, 1, 20);
        index.add("\uD83D\uDE00", 9, 3, 1, 30);
        assertThat("éa".hashCode()).isEqualTo("êB".hashCode());
        index.add("éa", 1, 4, 1, 40);

        assertThat(index.lastVersion("Aa")).isZero();
        assertThat(index.lastVersion("BB")).isEqualTo(5);
        assertThat(index.lastVersion("é")).isEqualTo(3);
        assertThat(index.lastVersion("e")).isEqualTo(-1);
        assertThat(index.lastVersion("\uD83D\uDE00")).isEqualTo(9);
        assertThat(index.lastVersion("éa")).isEqualTo(1);
        assertThat(index.lastVersion("êB")).isEqualTo(-1);
        assertThat(index.streamCount()).isEqualTo(5);
        assertThat(index.streamName(2)).isEqualTo("é");
    }

    @Test
    void many_streams_read_back_as_a_map_would_while_a_reader_reads_concurrently() throws Exception {
        int frames = 200_000;
        var random = new SplittableRandom(3);
        long basePosition = 7_000_000;
        // the plan: each frame's stream, event count, and the stream's events once it is added
        int[] streamOf = new int[frames];
        int[] countOf = new int[frames];
        int[] eventsAfter = new int[frames];
        long[] firstVersion = new long[20_000];
        int[] seen = new int[firstVersion.length];
        long[][] offsets = new long[firstVersion.length][];
        for (int s = 0; s < firstVersion.length; s++) {
            firstVersion[s] = random.nextInt(3) == 0 ? 0 : random.nextLong(1L << 40);
        }
        for (int f = 0; f < frames; f++) {
            streamOf[f] = random.nextInt(firstVersion.length);
            countOf[f] = random.nextInt(10) == 0 ? 2 + random.nextInt(4) : 1;
            seen[streamOf[f]] += countOf[f];
            eventsAfter[f] = seen[streamOf[f]];
        }
        // a frame's events share its offset, here one made up from its stream and frame number
        int[] filled = new int[firstVersion.length];
        for (int f = 0; f < frames; f++) {
            int s = streamOf[f];
            if (offsets[s] == null) {
                offsets[s] = new long[seen[s]];
            }
            for (int i = 0; i < countOf[f]; i++) {
                offsets[s][filled[s]++] = (s * 31L + f) & 0xFFFF_FFFFL;
            }
        }
        var index = new MemIndex();
        var added = new java.util.concurrent.atomic.AtomicInteger();
        var start = new java.util.concurrent.CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        var reader = Thread.ofPlatform().start(() -> {
            var check = new SplittableRandom(4);
            try {
                start.await();
                int checked = 0;
                while (added.get() < frames || checked < 1_000) {
                    int upTo = added.get();
                    if (upTo == 0) {
                        continue;
                    }
                    int f = check.nextInt(upTo);
                    int s = streamOf[f];
                    long first = firstVersion[s];
                    long atLeast = first + eventsAfter[f] - 1;
                    assertThat(index.lastVersion(name(s))).isGreaterThanOrEqualTo(atLeast);
                    long from = first + check.nextLong(eventsAfter[f]);
                    boolean forward = check.nextBoolean();
                    long expected = from;
                    for (var cursor = index.entries(name(s), from, forward); cursor.next(); ) {
                        assertThat(cursor.version()).isEqualTo(expected);
                        assertThat(cursor.offset()).isEqualTo(offsets[s][(int) (cursor.version() - first)]);
                        expected += forward ? 1 : -1;
                    }
                    if (forward) {
                        assertThat(expected - 1).as("the last version read on from %d", from)
                                .isGreaterThanOrEqualTo(atLeast);
                    } else {
                        assertThat(expected).as("every version read back from %d", from).isEqualTo(first - 1);
                    }
                    checked++;
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        start.countDown();
        long position = basePosition;
        int[] stored = new int[firstVersion.length];
        for (int f = 0; f < frames; f++) {
            int s = streamOf[f];
            index.add(name(s), firstVersion[s] + stored[s], position, countOf[f], offsets[s][stored[s]]);
            position += countOf[f];
            stored[s] += countOf[f];
            added.set(f + 1);
        }
        reader.join();

        assertThat(failure.get()).isNull();
        assertThat(index.streamCount()).isEqualTo((int) java.util.Arrays.stream(seen).filter(n -> n > 0).count());
        for (int s = 0; s < firstVersion.length; s++) {
            if (seen[s] == 0) {
                assertThat(index.lastVersion(name(s))).isEqualTo(-1);
                continue;
            }
            var forward = entries(index.entries(name(s), 0, true));
            assertThat(forward).hasSize(seen[s]);
            assertThat(forward.getFirst().getFirst()).isEqualTo(firstVersion[s]);
            assertThat(forward.getLast().getFirst()).isEqualTo(firstVersion[s] + seen[s] - 1);
            assertThat(entries(index.entries(name(s), Long.MAX_VALUE, false))).isEqualTo(forward.reversed());
        }
    }

    private static String name(int stream) {
        return "stream-" + stream;
    }

    @Test
    void stream_ids_of_every_length_read_back_with_their_names_whatever_page_they_landed_in() {
        var index = new MemIndex();
        var random = new SplittableRandom(5);
        var ids = new ArrayList<String>();
        for (int s = 0; s < 3_000; s++) {
            // mostly short, some long enough to leave a page's end unused, one longer than a page of names
            int length = s == 1_500 ? 12_000 : random.nextInt(20) == 0 ? 500 + random.nextInt(2_000) : 1 + random.nextInt(40);
            var id = new StringBuilder(s + ":");
            while (id.length() < length) {
                id.append(random.nextInt(3) == 0 ? 'é' : random.nextInt(3) == 0 ? '\u20AC' : (char) ('a' + random.nextInt(26)));
            }
            ids.add(id.toString());
        }
        for (int s = 0; s < ids.size(); s++) {
            index.add(ids.get(s), s, s, 1, s * 10L);
        }

        assertThat(ids.get(1_500).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isGreaterThan(16 << 10);
        assertThat(index.streamCount()).isEqualTo(ids.size());
        for (int s = 0; s < ids.size(); s++) {
            assertThat(index.streamName(s)).isEqualTo(ids.get(s));
            assertThat(index.lastVersion(ids.get(s))).isEqualTo(s);
            assertThat(entries(index.entries(ids.get(s), 0, true))).containsExactly(List.of((long) s, (long) s, s * 10L));
        }
        assertThat(index.lastVersion(ids.get(1_500) + "x")).isEqualTo(-1);
    }

    @Test
    void frames_larger_than_a_page_read_back_from_either_end_and_the_middle_and_as_the_sealer_reads_them() {
        var index = new MemIndex();
        // one append of many events is one frame: 2,500, then exactly 1,024 and 5,000, another stream's between
        int[] sizes = {2_500, 1, 1_024, 3, 5_000, 1};
        String[] streams = {"big", "other", "big", "other", "big", "other"};
        long position = 0;
        long[] versions = new long[2];
        for (int f = 0; f < sizes.length; f++) {
            int s = streams[f].equals("big") ? 0 : 1;
            index.add(streams[f], versions[s], position, sizes[f], f * 100L);
            versions[s] += sizes[f];
            position += sizes[f];
        }

        assertThat(index.lastVersion("big")).isEqualTo(8_523);
        assertThat(index.lastVersion("other")).isEqualTo(4);
        var forward = entries(index.entries("big", 0, true));
        assertThat(forward).hasSize(8_524);
        // the 2,501st event of the stream is the first of its second frame, after one event of the other stream
        assertThat(forward.get(2_500)).containsExactly(2_500L, 2_501L, 200L);
        assertThat(forward.get(3_524)).containsExactly(3_524L, 3_528L, 400L);
        assertThat(forward.getLast()).containsExactly(8_523L, 8_527L, 400L);
        assertThat(entries(index.entries("big", Long.MAX_VALUE, false))).isEqualTo(forward.reversed());
        assertThat(entries(index.entries("big", 3_000, true))).isEqualTo(forward.subList(3_000, 8_524));
        assertThat(entries(index.entries("big", 3_000, false))).isEqualTo(forward.subList(0, 3_001).reversed());
        assertThat(entries(index.entries("other", 2, false))).containsExactly(List.of(2L, 3_526L, 300L),
                List.of(1L, 3_525L, 300L), List.of(0L, 2_500L, 100L));
        assertThat(index.streamCount()).isEqualTo(2);
        assertThat(index.entryCount(0)).isEqualTo(8_524);
        assertThat(index.entryCount(1)).isEqualTo(5);
        assertThat(entries(index.streamEntries(0))).isEqualTo(forward);
    }

    @Test
    void a_growing_index_allocates_about_what_it_holds_not_copies_of_it() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        String[] ids = new String[60_000];
        for (int s = 0; s < ids.length; s++) {
            ids[s] = "order-" + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) s, (byte) (s >> 8), (byte) (s >> 16)});
        }
        long[] versions = new long[ids.length];

        long before = threads.getCurrentThreadAllocatedBytes();
        var index = new MemIndex();
        for (int e = 0; e < 180_000; e++) {
            int s = e < ids.length ? e : (int) ((e * 2_654_435_761L) % ids.length);
            index.add(ids[s], versions[s]++, e, 1, e * 370L);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // 16 B per event, 32 per stream, its id's 42 bytes (and their UTF-8 copy) and a slot table: about 12.6 MB;
        // doubling and copying every array on each growth, as until 2026-11-27, allocated 49 MB
        assertThat(allocated).isLessThan(20_000_000L);
        assertThat(index.lastVersion(ids[7])).isEqualTo(versions[7] - 1);
    }

    @Test
    void an_offset_past_what_an_entry_holds_is_refused() {
        var index = new MemIndex();

        assertThatThrownBy(() -> index.add("s", 0, 0, 1, 1L << 32)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_position_that_does_not_follow_on_is_refused() {
        var index = new MemIndex();
        index.add("s", 0, 100, 2, 0);

        assertThatThrownBy(() -> index.add("s", 2, 103, 1, 50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.add("s", 2, 101, 1, 50)).isInstanceOf(IllegalStateException.class);
        index.add("s", 2, 102, 1, 50);

        assertThat(entries(index.entries("s", 0, true))).containsExactly(List.of(0L, 100L, 0L),
                List.of(1L, 101L, 0L), List.of(2L, 102L, 50L));
    }

    private static List<List<Long>> entries(EntryCursor cursor) {
        var out = new ArrayList<List<Long>>();
        while (cursor.next()) {
            out.add(List.of(cursor.version(), cursor.position(), cursor.offset()));
        }
        return out;
    }
}
