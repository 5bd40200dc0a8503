package dev.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging the log through {@code GET /api/events}: whatever the limit and filter, following {@code next} until
 * {@code reachedHead} yields exactly the matching events in log order, and no request reads more than the scan
 * budget. And no query parameter value makes the server fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsPagingPropertiesTest {
    private static final int BUDGET = 7;
    private static final List<String> STREAMS = List.of("s-a", "s-b", "s-c", "s-d");
    private static final List<String> CONVERSATIONS = List.of("c-1", "c-2", "c-3");

    ApiFixture fixture;
    List<RecordedEvent> log;

    record Query(int limit, Optional<String> stream, Optional<String> correlationId) {}

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new ApiFixture(dir, false, c -> c.scanBudget = BUDGET);
        var random = new SplittableRandom(42);
        for (int i = 0; i < 60; i++) {
            var event = NewEvent.of(EventType.of("test.Thing", 1), ("{\"n\":" + i + "}").getBytes())
                    .withMetadata(MessageContext.correlatedBy(CONVERSATIONS.get(random.nextInt(3))).metadata());
            fixture.log.append(STREAMS.get(random.nextInt(4)), ExpectedVersion.any(), event);
        }
        log = fixture.log.readAll(0, 1000);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    @Test
    void following_next_yields_exactly_the_matching_events_in_order_within_the_budget() {
        Gen<Optional<String>> streams = Gen.frequencyOf(random -> Optional.<String>empty(),
                Gen.oneOf(STREAMS.toArray(String[]::new)).map(Optional::of));
        Gen<Optional<String>> conversations = Gen.frequencyOf(random -> Optional.<String>empty(),
                Gen.oneOf(CONVERSATIONS.toArray(String[]::new)).map(Optional::of));
        Gen<Query> queries = random -> new Query(Gen.ints(1, 20).next(random), streams.next(random),
                conversations.next(random));

        PropertyCheck.forAll(60, queries, query -> {
            var expected = log.stream()
                    .filter(e -> query.stream().map(e.streamId()::equals).orElse(true))
                    .filter(e -> query.correlationId().map(e.correlationId()::equals).orElse(true))
                    .map(RecordedEvent::position).toList();
            boolean filtered = query.stream().isPresent() || query.correlationId().isPresent();
            var seen = new ArrayList<Long>();
            long after = -1;
            for (int request = 0; request < 200; request++) {
                var path = new StringBuilder("/api/events?limit=" + query.limit());
                query.stream().ifPresent(s -> path.append("&stream=").append(s));
                query.correlationId().ifPresent(c -> path.append("&correlationId=").append(c));
                if (after >= 0) {
                    path.append("&after=").append(after);
                }
                var answer = fixture.http.get(path.toString());
                assertThat(answer.status()).isEqualTo(200);
                var page = answer.json();
                assertThat(page.get("events").size()).isLessThanOrEqualTo(query.limit());
                page.get("events").forEach(e -> seen.add(e.get("position").asLong()));
                long next = page.get("next").asLong();
                assertThat(next - after).isLessThanOrEqualTo(filtered ? BUDGET : query.limit());
                after = next;
                if (page.get("reachedHead").asBoolean()) {
                    break;
                }
            }
            assertThat(seen).isEqualTo(expected);
        });
    }

    @Test
    void no_query_parameter_value_makes_the_server_fail() {
        Gen<String> names = Gen.oneOf("after", "limit", "stream", "correlationId");
        Gen<String> values = Gen.frequencyOf(Gen.unicode(0, 30), Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE)
                .map(String::valueOf), Gen.oneOf("", "-0", "+5", "1e3", "0x10", "%", "NaN", " 5", "5 "));

        PropertyCheck.forAll(200, Gen.combine(names, values, (name, value) -> name + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)), query -> {
            var answer = fixture.http.get("/api/events?" + query);
            assertThat(answer.status()).as(answer.text()).isIn(200, 400);
            if (answer.status() == 400) {
                assertThat(answer.json().get("error").asString()).isNotBlank();
            }
            assertThat(fixture.log.headPosition()).isEqualTo(log.size());
        });
    }
}
