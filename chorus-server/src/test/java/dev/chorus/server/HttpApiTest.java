package dev.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.Failure;
import dev.chorus.core.memory.InMemoryStateStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every generic endpoint's happy path, through a real server on a free port over a real log and state store. */
class HttpApiTest {
    @TempDir
    Path dir;

    ApiFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Http http() {
        return fixture.http;
    }

    private RecordedEvent open(String id, String owner) {
        var result = fixture.accounts.handle(new Accounts.Open(id, owner), MessageContext.correlatedBy("open-" + id));
        return fixture.log.readAll(result.position(), 1).getFirst();
    }

    private long deposit(String id, long amount) {
        return fixture.accounts.handle(new Accounts.Deposit(id, amount), MessageContext.root()).position();
    }

    @Nested
    class Lifecycle {
        @Test
        void given_port_zero_when_started_then_it_listens_on_a_free_port_of_127_0_0_1() throws IOException {
            fixture = new ApiFixture(dir);

            assertThat(fixture.api.port()).isPositive();
            assertThat(fixture.api.host()).isEqualTo("127.0.0.1");
            assertThat(fixture.api.uri().toString()).isEqualTo("http://127.0.0.1:" + fixture.api.port());
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), fixture.api.port())) {
                assertThat(socket.isConnected()).isTrue();
            }
            assertThat(http().get("/api/health").status()).isEqualTo(200);
        }

        @Test
        void given_a_started_api_then_it_is_not_reachable_on_other_addresses_of_the_machine() throws IOException {
            fixture = new ApiFixture(dir);
            var others = new ArrayList<InetAddress>();
            var interfaces = java.net.NetworkInterface.networkInterfaces().toList();
            for (var nic : interfaces) {
                nic.inetAddresses().filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address)
                        .forEach(others::add);
            }
            for (var address : others) {
                try (var socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, fixture.api.port()), 2_000);
                    throw new AssertionError("reachable on " + address);
                } catch (IOException refused) {
                    assertThat(refused).isNotNull();
                }
            }
        }

        @Test
        void given_a_started_api_when_closed_then_its_port_is_free_again() throws IOException {
            fixture = new ApiFixture(dir);
            int port = fixture.api.port();

            fixture.api.close();

            try (var socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }

        @Test
        void given_an_application_module_when_started_then_its_routes_are_served_beside_the_generic_ones() {
            fixture = new ApiFixture(dir);

            var created = http().postJson("/api/accounts", "{\"id\":\"a1\",\"owner\":\"Ada\"}");

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("accountId").asString()).isEqualTo("a1");
            assertThat(fixture.log.streamVersion("account-a1")).isZero();
        }
    }

    @Nested
    class Health {
        @Test
        void when_asked_then_it_is_up_and_reports_the_head() {
            fixture = new ApiFixture(dir);
            fixture.balances.start();
            open("a1", "Ada");

            var health = http().get("/api/health");

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("Content-Type")).startsWith("application/json");
            assertThat(health.json().get("status").asString()).isEqualTo("up");
            assertThat(health.json().get("head").asLong()).isEqualTo(1);
        }
    }

    @Nested
    class Head {
        @Test
        void a_head_answers_what_the_get_would_without_the_body() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");

            var health = http().send(http().request("/api/health").HEAD().build());
            var missing = http().send(http().request("/api/dead-letters/nobody@7").HEAD().build());
            var events = http().send(http().request("/api/events?limit=0").HEAD().build());

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("Content-Type")).startsWith("application/json");
            assertThat(missing.status()).as("as GET: no such dead letter").isEqualTo(404);
            assertThat(events.status()).as("as GET: limit 0 is out of range").isEqualTo(400);
        }

        @Test
        void a_head_sends_no_body_on_the_wire() throws IOException {
            fixture = new ApiFixture(dir);

            String answer;
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), fixture.api.port())) {
                socket.getOutputStream().write(("HEAD /api/dead-letters/nobody@7 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }

            assertThat(answer).startsWith("HTTP/1.1 404").containsIgnoringCase("content-type: application/json");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).as("after the headers").isEmpty();
        }
    }

    @Nested
    class Events {
        @Test
        void given_events_when_read_without_after_then_they_come_from_the_first_with_every_field() {
            fixture = new ApiFixture(dir);
            var opened = open("a1", "Ada");
            deposit("a1", 50);

            var page = http().get("/api/events").json();

            assertThat(page.get("head").asLong()).isEqualTo(2);
            assertThat(page.get("events")).hasSize(2);
            JsonNode first = page.get("events").get(0);
            assertThat(first.get("position").asLong()).isZero();
            assertThat(first.get("eventId").asString()).isEqualTo(opened.eventId());
            assertThat(first.get("streamId").asString()).isEqualTo("account-a1");
            assertThat(first.get("version").asLong()).isZero();
            assertThat(first.get("type").asString()).isEqualTo("test.AccountOpened");
            assertThat(Instant.parse(first.get("recordedAt").asString())).isEqualTo(opened.recordedAt());
            assertThat(first.get("correlationId").asString()).isEqualTo("open-a1");
            assertThat(first.get("causationId").asString()).isEqualTo(opened.causationId());
            assertThat(first.get("dataEncoding").asString()).isEqualTo("json");
            assertThat(first.get("data").get("owner").asString()).isEqualTo("Ada");
            assertThat(page.get("events").get(1).get("data").get("amount").asLong()).isEqualTo(50);
            assertThat(page.get("next").asLong()).isEqualTo(1);
            assertThat(page.get("reachedHead").asBoolean()).isTrue();
        }

        @Test
        void given_many_events_when_paged_with_after_and_limit_then_the_pages_make_up_the_log_in_order() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");
            for (int i = 1; i <= 24; i++) {
                deposit("a1", i);
            }

            var positions = new ArrayList<Long>();
            String path = "/api/events?limit=7";
            while (true) {
                var page = http().get(path).json();
                page.get("events").forEach(event -> positions.add(event.get("position").asLong()));
                if (page.get("reachedHead").asBoolean()) {
                    break;
                }
                path = "/api/events?limit=7&after=" + page.get("next").asLong();
            }

            assertThat(positions).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 25).boxed().toList());
        }

        @Test
        void given_the_default_limit_then_a_page_holds_at_most_100_events() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");
            for (int i = 1; i <= 120; i++) {
                deposit("a1", i);
            }

            var page = http().get("/api/events").json();

            assertThat(page.get("events")).hasSize(100);
            assertThat(page.get("next").asLong()).isEqualTo(99);
            assertThat(page.get("reachedHead").asBoolean()).isFalse();
            assertThat(http().get("/api/events?limit=1000").json().get("events")).hasSize(121);
        }

        @Test
        void given_after_at_the_head_then_the_page_is_empty_and_says_where_it_is() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");

            var page = http().get("/api/events?after=0").json();

            assertThat(page.get("events")).isEmpty();
            assertThat(page.get("next").asLong()).isZero();
            assertThat(page.get("reachedHead").asBoolean()).isTrue();
        }

        @Test
        void given_an_empty_log_then_the_page_is_empty_and_next_is_null() {
            fixture = new ApiFixture(dir);

            var page = http().get("/api/events").json();

            assertThat(page.get("events")).isEmpty();
            assertThat(page.get("head").asLong()).isZero();
            assertThat(page.get("next").isNull()).isTrue();
        }

        @Test
        void given_a_stream_filter_then_only_that_streams_events_come() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");
            open("b2", "Bob");
            deposit("a1", 5);
            deposit("b2", 6);

            var page = http().get("/api/events?stream=account-b2").json();

            assertThat(page.get("events")).extracting(e -> e.get("position").asLong()).containsExactly(1L, 3L);
            assertThat(page.get("reachedHead").asBoolean()).isTrue();
        }

        @Test
        void given_a_correlation_filter_then_only_that_conversations_events_come() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");
            open("b2", "Bob");

            var page = http().get("/api/events?correlationId=open-b2").json();

            assertThat(page.get("events")).extracting(e -> e.get("streamId").asString()).containsExactly("account-b2");
        }

        @Test
        void given_a_rare_match_in_a_long_log_then_one_request_scans_no_more_than_its_budget_and_says_where_to_go_on() {
            fixture = new ApiFixture(dir, false, c -> c.scanBudget = 10);
            open("a1", "Ada");
            for (int i = 1; i <= 24; i++) {
                deposit("a1", i);
            }
            open("z9", "Zoe");

            var first = http().get("/api/events?stream=account-z9").json();

            assertThat(first.get("events")).isEmpty();
            assertThat(first.get("next").asLong()).isEqualTo(9);
            assertThat(first.get("reachedHead").asBoolean()).isFalse();
            var second = http().get("/api/events?stream=account-z9&after=9").json();
            assertThat(second.get("events")).isEmpty();
            assertThat(second.get("next").asLong()).isEqualTo(19);
            var third = http().get("/api/events?stream=account-z9&after=19").json();
            assertThat(third.get("events")).extracting(e -> e.get("position").asLong()).containsExactly(25L);
            assertThat(third.get("reachedHead").asBoolean()).isTrue();
        }

        @Test
        void given_an_event_whose_data_is_not_json_then_its_data_comes_as_base64_with_a_flag() {
            fixture = new ApiFixture(dir);
            byte[] raw = {(byte) 0xff, 0x00, 0x7b};
            fixture.log.append("raw-1", ExpectedVersion.any(), NewEvent.of(EventType.of("test.Raw", 1), raw));

            var event = http().get("/api/events").json().get("events").get(0);

            assertThat(event.get("dataEncoding").asString()).isEqualTo("base64");
            assertThat(Base64.getDecoder().decode(event.get("data").asString())).isEqualTo(raw);
        }
    }

    @Nested
    class LineageOfAConversation {
        @Test
        void given_a_conversation_when_read_from_the_log_then_nodes_and_edges_follow_causation() {
            fixture = new ApiFixture(dir);
            assertLineage();
        }

        @Test
        void given_a_lineage_index_when_read_then_the_same_graph_comes_from_the_index() {
            fixture = new ApiFixture(dir, true, c -> { });
            assertLineage();
            assertThat(fixture.lineage.position()).isEqualTo(fixture.log.headPosition());
        }

        private void assertLineage() {
            var opened = open("a1", "Ada");
            var effect = fixture.log.append("audit-a1", ExpectedVersion.any(), NewEvent.of(EventType.of("test.Audited", 1),
                    "{}".getBytes()).withMetadata(MessageContext.causedBy(opened).metadata()));
            var caused = fixture.log.readAll(effect.firstPosition(), 1).getFirst();
            open("b2", "Bob");

            var answer = http().get("/api/lineage/open-a1");

            assertThat(answer.status()).isEqualTo(200);
            var graph = answer.json();
            assertThat(graph.get("nodes")).extracting(n -> n.get("eventId").asString())
                    .containsExactly(opened.eventId(), caused.eventId());
            assertThat(graph.get("nodes").get(1).get("type").asString()).isEqualTo("test.Audited");
            assertThat(graph.get("nodes").get(1).get("streamId").asString()).isEqualTo("audit-a1");
            assertThat(graph.get("nodes").get(1).get("position").asLong()).isEqualTo(1);
            assertThat(graph.get("edges")).hasSize(1);
            assertThat(graph.get("edges").get(0).get("from").asString()).isEqualTo(opened.eventId());
            assertThat(graph.get("edges").get(0).get("to").asString()).isEqualTo(caused.eventId());
            assertThat(answer.text()).as("an edge's keys in one order, whatever the JVM")
                    .contains("{\"from\":\"" + opened.eventId() + "\",\"to\":\"" + caused.eventId() + "\"}");
        }
    }

    @Nested
    class TimeTravel {
        @Test
        void given_a_stream_when_read_without_a_point_then_its_state_is_the_current_one() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");
            deposit("a1", 40);
            deposit("a1", 2);

            var answer = http().get("/api/streams/account-a1").json();

            assertThat(answer.get("streamId").asString()).isEqualTo("account-a1");
            assertThat(answer.get("version").asLong()).isEqualTo(2);
            assertThat(answer.get("state").get("balance").asLong()).isEqualTo(42);
            assertThat(answer.get("state").get("owner").asString()).isEqualTo("Ada");
        }

        @Test
        void given_a_position_then_the_state_is_as_it_was_after_that_event() {
            fixture = new ApiFixture(dir);
            open("a1", "Ada");
            long first = deposit("a1", 40);
            deposit("a1", 2);

            var answer = http().get("/api/streams/account-a1?position=" + first).json();

            assertThat(answer.get("version").asLong()).isEqualTo(1);
            assertThat(answer.get("state").get("balance").asLong()).isEqualTo(40);
        }

        @Test
        void given_an_instant_then_the_state_is_as_it_was_then() {
            fixture = new ApiFixture(dir);
            var opened = open("a1", "Ada");
            deposit("a1", 40);

            var answer = http().get("/api/streams/account-a1?at=" + opened.recordedAt()).json();

            assertThat(answer.get("version").asLong()).isLessThanOrEqualTo(1);
            assertThat(answer.get("state").get("open").asBoolean()).isTrue();
            var before = http().get("/api/streams/account-a1?at=" + opened.recordedAt().minusSeconds(1)).json();
            assertThat(before.get("version").asLong()).isEqualTo(-1);
            assertThat(before.get("state").get("open").asBoolean()).isFalse();
        }
    }

    @Nested
    class DeadLettersEndpoints {
        private DeadLetter deadLetter() {
            var opened = open("a1", "Ada");
            var letter = DeadLetter.of("mailer", opened, Failure.of(new IllegalStateException("smtp down")), 3,
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"), false);
            fixture.deadLetters.store().put(letter);
            return letter;
        }

        @Test
        void given_a_dead_letter_when_listed_then_it_shows_with_its_failure_but_no_stack() {
            fixture = new ApiFixture(dir);
            var letter = deadLetter();

            var answer = http().get("/api/dead-letters");

            assertThat(answer.status()).isEqualTo(200);
            var listed = answer.json().get("deadLetters");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("id").asString()).isEqualTo("mailer@0");
            assertThat(listed.get(0).get("eventId").asString()).isEqualTo(letter.eventId());
            assertThat(listed.get(0).get("status").asString()).isEqualTo("open");
            assertThat(listed.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(listed.get(0).get("error").get("message").asString()).isEqualTo("smtp down");
            assertThat(answer.text()).doesNotContain("at dev.chorus");
            assertThat(http().get("/api/dead-letters/mailer@0").json().get("handler").asString()).isEqualTo("mailer");
        }

        @Test
        void given_a_dead_letter_of_a_stopped_subscriber_when_retried_then_a_retry_is_requested() {
            fixture = new ApiFixture(dir);
            deadLetter();

            var answer = http().post("/api/dead-letters/mailer@0/retry", "application/json", "");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("status").asString()).isEqualTo("retry-requested");
            assertThat(fixture.deadLetters.show(dev.chorus.core.handler.DeadLetterId.parse("mailer@0")).status().label())
                    .isEqualTo("retry-requested");
        }

        @Test
        void given_other_services_dead_letters_then_they_page_in_one_order_with_their_service_and_are_not_retried_here() {
            fixture = new ApiFixture(dir);
            deadLetter();
            var event = fixture.log.readAll(0, 1).getFirst();
            var payments = new DeadLetterStore(new InMemoryStateStore());
            var failure = new Failure("java.lang.IllegalStateException", "no account", "");
            payments.put(DeadLetter.of("audit", event, failure, 1, Instant.EPOCH, Instant.EPOCH, false));
            payments.put(DeadLetter.of("payments.reactions", event, failure, 2, Instant.EPOCH, Instant.EPOCH, false));
            fixture.elsewhere.put("payments", payments);

            var first = http().get("/api/dead-letters?limit=2").json();
            var second = http().get("/api/dead-letters?limit=2&after=" + first.get("next").asString()).json();
            var shown = http().get("/api/dead-letters/payments.reactions@0");
            var retried = http().post("/api/dead-letters/payments.reactions@0/retry", "application/json", "");
            var ownRetried = http().post("/api/dead-letters/mailer@0/retry", "application/json", "");

            assertThat(first.get("deadLetters")).extracting(letter -> letter.get("id").asString())
                    .containsExactly("audit@0", "mailer@0");
            assertThat(first.get("deadLetters").get(0).get("service").asString()).isEqualTo("payments");
            assertThat(first.get("deadLetters").get(1).has("service")).as("this process's own").isFalse();
            assertThat(second.get("deadLetters")).extracting(letter -> letter.get("id").asString())
                    .containsExactly("payments.reactions@0");
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.json().get("service").asString()).isEqualTo("payments");
            assertThat(shown.json().get("attempts").asInt()).isEqualTo(2);
            assertThat(retried.status()).isEqualTo(409);
            assertThat(retried.json().get("error").asString()).isEqualTo("dead-letter-elsewhere");
            assertThat(retried.json().get("details").get("service").asString()).isEqualTo("payments");
            assertThat(retried.json().get("message").asString()).contains("chorus dlq retry payments.reactions@0");
            assertThat(payments.require(DeadLetterId.parse("payments.reactions@0")).status().label()).isEqualTo("open");
            assertThat(ownRetried.status()).isEqualTo(200);
        }

        @Test
        void given_one_id_held_here_and_by_another_service_then_a_page_never_splits_them_and_each_can_be_shown() {
            fixture = new ApiFixture(dir);
            var own = deadLetter();
            var payments = new DeadLetterStore(new InMemoryStateStore());
            payments.put(new DeadLetter(own.handler(), own.position(), "credit-9", own.eventType(), "other-event",
                    new Failure("java.lang.IllegalStateException", "theirs", ""), 7, Instant.EPOCH, Instant.EPOCH,
                    false, DeadLetterStatus.open()));
            fixture.elsewhere.put("payments", payments);

            var page = http().get("/api/dead-letters?limit=1").json();
            var ownShown = http().get("/api/dead-letters/mailer@0").json();
            var theirs = http().get("/api/dead-letters/mailer@0?service=payments").json();
            var nobodys = http().get("/api/dead-letters/mailer@0?service=shipping");

            assertThat(page.get("deadLetters")).extracting(letter -> letter.get("attempts").asInt())
                    .containsExactly(3, 7);
            assertThat(ownShown.get("attempts").asInt()).isEqualTo(3);
            assertThat(theirs.get("service").asString()).isEqualTo("payments");
            assertThat(theirs.get("streamId").asString()).isEqualTo("credit-9");
            assertThat(nobodys.status()).isEqualTo(400);
            assertThat(nobodys.json().get("message").asString()).contains("[payments]");
        }

        @Test
        void given_an_api_that_can_ask_other_services_then_a_retry_of_theirs_is_asked_of_them_and_answered_202() {
            fixture = new ApiFixture(dir, false, true, c -> { });
            var event = open("a1", "Ada");
            var payments = new DeadLetterStore(new InMemoryStateStore());
            var failure = new Failure("java.lang.IllegalStateException", "no account", "");
            payments.put(DeadLetter.of("payments.reactions", event, failure, 2, Instant.EPOCH, Instant.EPOCH, false));
            payments.put(DeadLetter.of("payments.audit", event, failure, 1, Instant.EPOCH, Instant.EPOCH, false)
                    .withStatus(new DeadLetterStatus.Discarded(Instant.EPOCH)));
            fixture.elsewhere.put("payments", payments);

            var retried = http().post("/api/dead-letters/payments.reactions@0/retry", "application/json", "");
            var discarded = http().post("/api/dead-letters/payments.reactions@0/discard", "application/json", "");
            var closed = http().post("/api/dead-letters/payments.audit@0/retry", "application/json", "");

            assertThat(retried.status()).isEqualTo(202);
            assertThat(retried.json().get("requested").asString()).isEqualTo("retry");
            assertThat(retried.json().get("service").asString()).isEqualTo("payments");
            assertThat(retried.json().get("status").asString()).as("the copy as it stands").isEqualTo("open");
            assertThat(discarded.status()).isEqualTo(202);
            assertThat(closed.status()).isEqualTo(409);
            assertThat(closed.json().get("error").asString()).isEqualTo("dead-letter-closed");
            assertThat(fixture.asked).containsExactly("retry payments payments.reactions@0",
                    "discard payments payments.reactions@0");
        }

        @Test
        void given_a_discarded_dead_letter_when_retried_then_409_and_it_stays_discarded() {
            fixture = new ApiFixture(dir);
            deadLetter();

            var discarded = http().post("/api/dead-letters/mailer@0/discard", "application/json", "");
            var retried = http().post("/api/dead-letters/mailer@0/retry", "application/json", "");

            assertThat(discarded.status()).isEqualTo(200);
            assertThat(discarded.json().get("status").asString()).isEqualTo("discarded");
            assertThat(retried.status()).isEqualTo(409);
            assertThat(retried.json().get("error").asString()).isEqualTo("dead-letter-closed");
            assertThat(http().get("/api/dead-letters").json().get("deadLetters")).isEmpty();
            assertThat(http().get("/api/dead-letters?includeClosed=true").json().get("deadLetters")).hasSize(1);
        }
    }

    @Nested
    class ReadYourWritesAndTypedErrors {
        @Test
        void given_a_write_when_its_read_model_is_read_at_its_position_then_the_read_sees_it() {
            fixture = new ApiFixture(dir);
            fixture.balances.start();
            http().postJson("/api/accounts", "{\"id\":\"a1\",\"owner\":\"Ada\"}");

            var deposited = http().postJson("/api/accounts/a1/deposits", "{\"amount\":25}");
            long position = deposited.json().get("position").asLong();
            var balance = http().get("/api/accounts/a1/balance?position=" + position);

            assertThat(deposited.status()).isEqualTo(202);
            assertThat(balance.status()).isEqualTo(200);
            assertThat(balance.json().get("balance").asLong()).isEqualTo(25);
        }

        @Test
        void given_a_read_model_that_has_not_reached_the_position_in_time_then_503_read_model_behind() {
            fixture = new ApiFixture(dir, false, c -> c.readYourWritesTimeout = java.time.Duration.ZERO);
            fixture.balances.start();
            http().postJson("/api/accounts", "{\"id\":\"a1\",\"owner\":\"Ada\"}");

            var answer = http().get("/api/accounts/a1/balance?position=1000");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.json().get("error").asString()).isEqualTo("read-model-behind");
            assertThat(answer.json().get("message").asString()).contains("wait longer");
        }

        @Test
        void given_a_read_model_that_is_not_running_when_a_read_waits_for_it_then_503_with_retry_after() {
            fixture = new ApiFixture(dir);
            http().postJson("/api/accounts", "{\"id\":\"a1\",\"owner\":\"Ada\"}");

            var answer = http().get("/api/accounts/a1/balance?position=0");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.json().get("error").asString()).isEqualTo("read-model-stopped");
        }

        @Test
        void given_a_read_model_stopped_by_an_event_it_cannot_apply_when_a_read_waits_for_it_then_503_not_500() {
            fixture = new ApiFixture(dir);
            fixture.balances.start();
            http().postJson("/api/accounts", "{\"id\":\"a1\",\"owner\":\"Ada\"}");
            // a Deposited whose data the projection's codec cannot read: the projection stops at it
            var poison = fixture.log.append("account-a1", ExpectedVersion.any(),
                    NewEvent.of(EventType.of("test.Deposited", 1), "{\"id\":\"a1\"}".getBytes()));

            var answer = http().get("/api/accounts/a1/balance?position=" + poison.lastPosition());

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.json().get("error").asString()).isEqualTo("read-model-stopped");
            assertThat(answer.json().get("message").asString()).contains("balances").contains("operator");
            var health = http().get("/api/health").json();
            assertThat(health.get("status").asString()).isEqualTo("degraded");
            assertThat(health.get("readModels").get(0).get("name").asString()).isEqualTo("balances");
            assertThat(health.get("readModels").get(0).get("state").asString()).isEqualTo("failed");
            assertThat(health.get("readModels").get(0).get("failedAt").asLong()).isEqualTo(poison.lastPosition());
            assertThat(health.get("readModels").get(0).get("eventType").asString()).contains("test.Deposited");
            assertThat(health.toString()).as("the cause stays in the server's log").doesNotContain("amount");
        }

        @Test
        void given_running_read_models_then_health_is_up_and_lists_them() {
            fixture = new ApiFixture(dir);
            fixture.balances.start();

            var health = http().get("/api/health").json();

            assertThat(health.get("status").asString()).isEqualTo("up");
            assertThat(health.get("readModels").get(0).get("state").asString()).isEqualTo("running");
        }

        @Test
        void given_a_read_model_that_is_not_running_then_health_is_degraded() {
            fixture = new ApiFixture(dir);

            var health = http().get("/api/health").json();

            assertThat(health.get("status").asString()).isEqualTo("degraded");
            assertThat(health.get("readModels").get(0).get("state").asString()).isEqualTo("stopped");
        }

        @Test
        void given_a_command_the_rules_refuse_then_422_with_its_reason_and_details() {
            fixture = new ApiFixture(dir);

            var answer = http().postJson("/api/accounts/nobody/deposits", "{\"amount\":25}");

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.json().get("error").asString()).isEqualTo("no-such-account");
            assertThat(answer.json().get("message").asString()).contains("open it first");
            assertThat(answer.json().get("details").get("account").asString()).isEqualTo("nobody");
            assertThat(fixture.log.headPosition()).isZero();
        }

        @Test
        void given_an_append_the_stream_has_moved_past_then_409_concurrency_conflict() {
            fixture = new ApiFixture(dir);
            assertThat(http().postJson("/api/raw/thing-1", "{}").status()).isEqualTo(201);

            var answer = http().postJson("/api/raw/thing-1", "{}");

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().get("error").asString()).isEqualTo("concurrency-conflict");
            assertThat(answer.json().get("details").get("streamId").asString()).isEqualTo("thing-1");
            assertThat(fixture.log.headPosition()).isEqualTo(1);
        }

        @Test
        void given_an_input_over_a_store_limit_then_400_limit_exceeded_with_the_field_and_the_limit() {
            fixture = new ApiFixture(dir);

            var answer = http().postJson("/api/raw/" + "s".repeat(201), "{}");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error").asString()).isEqualTo("limit-exceeded");
            assertThat(answer.json().get("field").asString()).isEqualTo("streamId length");
            assertThat(answer.json().get("details").get("limit").asString()).isEqualTo("200");
            assertThat(fixture.log.headPosition()).isZero();
        }

        @Test
        void given_an_unexpected_failure_then_500_with_a_generic_body_and_no_detail_or_stack() {
            fixture = new ApiFixture(dir);

            var answer = http().get("/api/broken");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.json().get("error").asString()).isEqualTo("internal-error");
            assertThat(answer.json().get("details").get("incident").asString()).isNotBlank();
            assertThat(answer.text()).doesNotContain(AccountsModule.SECRET).doesNotContain("IllegalStateException")
                    .doesNotContain("at dev.chorus");
        }
    }

    static List<String> ids(JsonNode array, String field) {
        var ids = new ArrayList<String>();
        array.forEach(node -> ids.add(node.get(field).asString()));
        return ids;
    }
}
