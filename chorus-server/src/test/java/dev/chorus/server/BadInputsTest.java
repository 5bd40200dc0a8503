package dev.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.context.MessageContext;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A family of client mistakes, each answered with its 4xx and {@code {"error","message"}} as JSON, never a 5xx,
 * and none of them moves the log's head.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsTest {
    private static final String LONG = "x".repeat(300);

    ApiFixture fixture;
    long head;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new ApiFixture(dir);
        fixture.accounts.handle(new Accounts.Open("a1", "Ada"), MessageContext.root());
        head = fixture.log.headPosition();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    static Arguments bad(String name, int status, String code, Function<Http, Http.Answer> request) {
        return Arguments.of(name, status, code, request);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                bad("limit=0", 400, "invalid-parameter", http -> http.get("/api/events?limit=0")),
                bad("limit=5000", 400, "invalid-parameter", http -> http.get("/api/events?limit=5000")),
                bad("limit=abc", 400, "invalid-parameter", http -> http.get("/api/events?limit=abc")),
                bad("limit=1.5", 400, "invalid-parameter", http -> http.get("/api/events?limit=1.5")),
                bad("empty limit", 400, "invalid-parameter", http -> http.get("/api/events?limit=")),
                bad("after=-1", 400, "invalid-parameter", http -> http.get("/api/events?after=-1")),
                bad("after beyond a long", 400, "invalid-parameter",
                        http -> http.get("/api/events?after=99999999999999999999")),
                bad("unknown parameter", 400, "unknown-parameter", http -> http.get("/api/events?limt=5")),
                bad("repeated parameter", 400, "repeated-parameter", http -> http.get("/api/events?limit=1&limit=2")),
                bad("over-long stream filter", 400, "too-long", http -> http.get("/api/events?stream=" + LONG)),
                bad("control character in a correlation id", 400, "invalid-parameter",
                        http -> http.get("/api/events?correlationId=a%00b")),
                bad("over-long stream id", 400, "too-long", http -> http.get("/api/streams/" + LONG)),
                bad("reserved stream id", 400, "invalid-input", http -> http.get("/api/streams/%24system")),
                bad("position=-1", 400, "invalid-parameter", http -> http.get("/api/streams/account-a1?position=-1")),
                bad("at not an instant", 400, "invalid-parameter", http -> http.get("/api/streams/account-a1?at=yesterday")),
                bad("both position and at", 400, "invalid-parameter",
                        http -> http.get("/api/streams/account-a1?position=0&at=2026-01-01T00:00:00Z")),
                bad("stream of no registered kind", 404, "unknown-stream-kind", http -> http.get("/api/streams/order-1")),
                bad("unknown stream", 404, "stream-not-found", http -> http.get("/api/streams/account-nobody")),
                bad("unknown conversation", 404, "conversation-not-found", http -> http.get("/api/lineage/nobody")),
                bad("over-long correlation id", 400, "too-long", http -> http.get("/api/lineage/" + LONG)),
                bad("dead letters limit=0", 400, "invalid-parameter", http -> http.get("/api/dead-letters?limit=0")),
                bad("includeClosed=maybe", 400, "invalid-parameter",
                        http -> http.get("/api/dead-letters?includeClosed=maybe")),
                bad("malformed dead-letter after", 400, "invalid-parameter",
                        http -> http.get("/api/dead-letters?after=nope")),
                bad("position past the head", 400, "invalid-parameter",
                        http -> http.get("/api/streams/account-a1?position=1000")),
                bad("malformed dead-letter id", 400, "invalid-input", http -> http.get("/api/dead-letters/nope")),
                bad("unknown dead letter", 404, "dead-letter-not-found", http -> http.get("/api/dead-letters/mailer@7")),
                bad("retry of an unknown dead letter", 404, "dead-letter-not-found",
                        http -> http.postJson("/api/dead-letters/mailer@7/retry", "")),
                bad("discard of an unknown dead letter", 404, "dead-letter-not-found",
                        http -> http.postJson("/api/dead-letters/mailer@7/discard", "")),
                bad("URL over the server's limit", 414, "uri-too-long",
                        http -> http.get("/api/streams/" + "x".repeat(20_000))),
                bad("headers over the server's limit", 431, "headers-too-large",
                        http -> http.send(http.request("/api/health").header("X-Big", "y".repeat(20_000)).GET().build())),
                bad("unknown endpoint", 404, "not-found", http -> http.get("/api/nothing")),
                bad("wrong method", 405, "method-not-allowed",
                        http -> http.send("DELETE", "/api/events", "application/json", new byte[0])),
                bad("POST to a GET endpoint", 405, "method-not-allowed", http -> http.postJson("/api/health", "{}")),
                bad("malformed JSON", 400, "malformed-json", http -> http.postJson("/api/accounts", "{\"id\":")),
                bad("JSON that is not an object", 400, "malformed-json", http -> http.postJson("/api/accounts", "[1]")),
                bad("trailing garbage", 400, "malformed-json",
                        http -> http.postJson("/api/accounts", "{\"id\":\"b\",\"owner\":\"B\"} x")),
                bad("duplicate keys", 400, "malformed-json",
                        http -> http.postJson("/api/accounts", "{\"id\":\"b\",\"id\":\"c\",\"owner\":\"B\"}")),
                bad("empty body", 400, "missing-body", http -> http.postJson("/api/accounts", "")),
                bad("wrong type", 400, "wrong-type", http -> http.postJson("/api/accounts", "{\"id\":5,\"owner\":\"B\"}")),
                bad("missing field", 400, "missing-field", http -> http.postJson("/api/accounts", "{\"id\":\"b\"}")),
                bad("null field", 400, "missing-field",
                        http -> http.postJson("/api/accounts", "{\"id\":\"b\",\"owner\":null}")),
                bad("empty field", 400, "empty-field", http -> http.postJson("/api/accounts", "{\"id\":\"\",\"owner\":\"B\"}")),
                bad("blank field", 400, "empty-field", http -> http.postJson("/api/accounts", "{\"id\":\"  \",\"owner\":\"B\"}")),
                bad("lone surrogate in a field", 400, "invalid-field",
                        http -> http.postJson("/api/accounts", "{\"id\":\"b\",\"owner\":\"A\\ud800\"}")),
                bad("reversed surrogate pair in a field", 400, "invalid-field",
                        http -> http.postJson("/api/accounts", "{\"id\":\"b\",\"owner\":\"\\ude00\\ud83d\"}")),
                bad("gzip body", 415, "unsupported-media-type", http -> http.send(http.request("/api/accounts")
                        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {31, -117, 8, 0})).build())),
                bad("over-long field", 400, "too-long",
                        http -> http.postJson("/api/accounts", "{\"id\":\"b\",\"owner\":\"" + LONG + "\"}")),
                bad("amount as a string", 400, "wrong-type", http -> http.postJson("/api/accounts/a1/deposits", "{\"amount\":\"5\"}")),
                bad("fractional amount", 400, "wrong-type", http -> http.postJson("/api/accounts/a1/deposits", "{\"amount\":1.5}")),
                bad("zero amount", 400, "out-of-range", http -> http.postJson("/api/accounts/a1/deposits", "{\"amount\":0}")),
                bad("negative amount", 400, "out-of-range", http -> http.postJson("/api/accounts/a1/deposits", "{\"amount\":-3}")),
                bad("amount beyond a long", 400, "out-of-range",
                        http -> http.postJson("/api/accounts/a1/deposits", "{\"amount\":99999999999999999999999}")),
                bad("text/plain body", 415, "unsupported-media-type",
                        http -> http.post("/api/accounts", "text/plain", "{\"id\":\"b\",\"owner\":\"B\"}")),
                bad("oversized body", 413, "body-too-large",
                        http -> http.send("POST", "/api/accounts", "application/json", oversized())),
                bad("oversized body to an endpoint that reads none", 413, "body-too-large",
                        http -> http.send("POST", "/api/dead-letters/mailer@7/retry", "application/json", oversized())),
                bad("oversized chunked body", 413, "body-too-large", http -> http.send(http.request("/api/accounts")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized())))
                        .build())));
    }

    private static byte[] oversized() {
        byte[] body = new byte[(1 << 20) + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void given_a_client_mistake_then_a_4xx_with_a_json_error_and_nothing_appended(String name, int status, String code,
                                                                                 Function<Http, Http.Answer> request) {
        var answer = request.apply(fixture.http);

        assertThat(answer.status()).as(name + ": " + answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        var error = answer.json();
        assertThat(error.get("error").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank();
        if (status == 413) {
            // however the size was found out (announced, read, chunked), the same body
            assertThat(error.get("details").get("limit").asString()).isEqualTo(Integer.toString(1 << 20));
        }
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("at dev.chorus").doesNotContain("at io.");
        assertThat(fixture.log.headPosition()).isEqualTo(head);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/events?stream=%zz", "/api/dead-letters?handler=%", "/api/events?li%zzmit=5",
            "/api/streams/account-a1?at=%zz", "/api/events?stream=a%\u0663\u0663", "/api/events?stream=%\uFF10\uFF21"})
    void given_a_broken_escape_in_a_query_then_a_400_bad_request_not_a_500_or_a_dropped_parameter(String path)
            throws Exception {
        String answer = rawGet(path);

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"bad-request\"").contains("broken % escape");
        assertThat(fixture.log.headPosition()).isEqualTo(head);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"id\":", "{\"id\":\"b\"", "{\"id\":NaN}", "{\"id\":\"b\",}", "{\"id\" \"b\"}",
            "{'id':'b'}",
            "{\"id\":\"b\",\"id\":\"c\"}", "{\"a\":1}{", "{\"a\":0x10}", "/* c */{}", "{\"a\":01}"})
    void given_malformed_json_then_the_message_says_where_in_the_clients_terms_not_the_parsers(String body) {
        var answer = fixture.http.postJson("/api/accounts", body);

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        String message = answer.json().get("message").asString();
        assertThat(message).contains("line 1, column ").doesNotContain("`").doesNotContain("Source")
                .doesNotContain("enabl").doesNotContain("Feature").doesNotContain("as per").doesNotContain("…")
                .doesNotContain("ALLOW_");
    }

    @Test
    void given_an_offset_whose_plus_was_not_escaped_then_the_message_says_to_send_it_as_percent_2B() {
        var answer = fixture.http.get("/api/streams/account-a1?at=2026-11-28T14:48:30+01:00");

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("message").asString()).contains("'2026-11-28T14:48:30 01:00'", "%2B");
        assertThat(fixture.http.get("/api/streams/account-a1?at=2026-11-28T14:48:30%2B01:00").status())
                .isEqualTo(200);
    }

    @Test
    void given_json_nested_too_deep_then_the_message_names_the_limit_not_the_parsers_setting() {
        var answer = fixture.http.postJson("/api/accounts", "[".repeat(2_000) + "]".repeat(2_000));

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("error").asString()).isEqualTo("malformed-json");
        assertThat(answer.json().get("message").asString()).contains("nesting depth").contains("(500)")
                .doesNotContain("`").doesNotContain("StreamReadConstraints");
    }

    @Test
    void given_a_whole_number_written_with_an_exponent_then_the_message_shows_what_was_sent() {
        var answer = fixture.http.postJson("/api/accounts/a1/deposits", "{\"amount\":1e3}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("error").asString()).isEqualTo("wrong-type");
        assertThat(answer.json().get("message").asString()).isEqualTo("amount must be a whole number; got 1000.0, a"
                + " number written with a fraction or an exponent");
    }

    @Test
    void given_a_whole_number_where_text_belongs_then_the_message_says_a_number_and_no_more() {
        var answer = fixture.http.postJson("/api/accounts", "{\"id\":123,\"owner\":\"B\"}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("error").asString()).isEqualTo("wrong-type");
        assertThat(answer.json().get("message").asString()).isEqualTo("id must be a string; got 123, a number");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/events?stream=%FF", "/api/events?stream=a%C3", "/api/events?correlationId=%ED%A0%80"})
    void given_a_query_value_that_is_not_utf8_once_decoded_then_a_400_not_a_replacement_character(String path)
            throws Exception {
        String answer = rawGet(path);

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"bad-request\"").contains("not UTF-8");
    }

    @Test
    void given_a_query_value_of_escaped_utf8_then_it_is_decoded() {
        var answer = fixture.http.get("/api/events?stream=caf%C3%A9+au+lait");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    /** A GET sent as bytes: the JDK's client refuses to send a URL with a broken escape. */
    private String rawGet(String path) throws Exception {
        return rawGet(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String rawGet(byte[] path) throws Exception {
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), fixture.api.port())) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write("GET ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(path);
            out.write(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void given_raw_bytes_in_a_query_that_are_not_utf8_then_a_400_not_a_replacement_character() throws Exception {
        byte[] path = "/api/events?stream=a\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        String answer = rawGet(path);

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"bad-request\"");
    }

    @Test
    void given_a_field_with_an_emoji_then_its_surrogate_pair_is_one_character_and_accepted() {
        var answer = fixture.http.postJson("/api/accounts", "{\"id\":\"e1\",\"owner\":\"Ada \\ud83d\\ude00\"}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    }

    @Test
    void given_empty_pieces_in_a_query_string_then_they_are_skipped() {
        var answer = fixture.http.get("/api/events?&&limit=1&");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("events").size()).isEqualTo(1);
    }

    @Test
    void given_a_query_value_of_emoji_then_its_length_counts_characters_not_utf16_units() {
        String emoji = "\uD83D\uDE00";
        var within = fixture.http.get("/api/events?stream=" + java.net.URLEncoder.encode(emoji.repeat(150),
                java.nio.charset.StandardCharsets.UTF_8));
        var over = fixture.http.get("/api/events?stream=" + java.net.URLEncoder.encode(emoji.repeat(201),
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(within.status()).as(within.text()).isEqualTo(200);
        assertThat(over.status()).as(over.text()).isEqualTo(400);
        assertThat(over.json().get("message").asString()).contains("got 201");
    }

    @Test
    void given_a_request_the_server_cannot_parse_then_a_400_with_a_json_error() throws Exception {
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), fixture.api.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/streams/%ZZ HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                    .contains("\"error\":\"").doesNotContain("<html").doesNotContain("Exception");
        }
        assertThat(fixture.log.headPosition()).isEqualTo(head);
    }

    @Test
    void given_a_body_just_at_the_limit_then_it_is_read_and_judged_on_its_content() {
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) ' ');
        byte[] json = "{\"id\":\"c\",\"owner\":\"Cy\"}".getBytes();
        System.arraycopy(json, 0, body, 0, json.length);

        var answer = fixture.http.send("POST", "/api/accounts", "application/json", body);

        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        head = fixture.log.headPosition();
    }
}
