package dev.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a client sends as a body, the answer is a success or a 4xx with the JSON error shape, never a 5xx, and
 * the log moves only on a success.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyPropertiesTest {
    ApiFixture fixture;

    @BeforeAll
    void start(@TempDir Path dir) {
        fixture = new ApiFixture(dir);
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    /** A JSON value of any type, sometimes not quite JSON. */
    static Gen<String> values(int depth) {
        Gen<String> scalars = Gen.frequencyOf(
                Gen.unicode(0, 12).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(String::valueOf),
                Gen.oneOf("true", "false", "null", "1.5", "-0", "1e400", "99999999999999999999999", "\"\"", "\"  \"",
                        "{", "]", "'x'", "NaN", "\"\\u0000\""));
        if (depth == 0) {
            return scalars;
        }
        Gen<String> objects = random -> {
            var fields = Gen.combine(Gen.oneOf("id", "owner", "amount", "x", "id"), values(depth - 1),
                    (name, value) -> "\"" + name + "\":" + value).list(0, 4).next(random);
            return "{" + String.join(",", fields) + "}";
        };
        Gen<String> arrays = random -> "[" + String.join(",", values(depth - 1).list(0, 3).next(random)) + "]";
        return Gen.frequencyOf(scalars, objects, objects, arrays);
    }

    @Test
    void no_body_makes_the_server_fail_and_only_a_success_appends() {
        Gen<String> paths = Gen.oneOf("/api/accounts", "/api/accounts/a1/deposits", "/api/dead-letters/x@1/retry");
        PropertyCheck.forAll(300, Gen.combine(paths, values(2), (path, body) -> new String[] {path, body}), sample -> {
            long head = fixture.log.headPosition();

            var answer = fixture.http.postJson(sample[0], sample[1]);

            assertThat(answer.status()).as(answer.text()).isIn(201, 202, 400, 404, 409, 422);
            if (answer.status() >= 400) {
                assertThat(answer.json().get("error").asString()).isNotBlank();
                assertThat(fixture.log.headPosition()).isEqualTo(head);
            }
        });
    }
}
