package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A tool's hold on a role's leadership: the advisory lock the role's instances compete for. */
class RoleLockTest {
    private final TestDatabase database = PostgresFixture.shared().newDatabase();
    private final String url = database.jdbcUrlWithCredentials();

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void one_holder_at_a_time_and_the_next_once_it_lets_go() {
        var first = RoleLock.take(url, "chorus_orders", "rebuild orders.view");
        try {
            assertThat(RoleLock.tryTake(url, "chorus_orders")).isEmpty();
            assertThatThrownBy(() -> RoleLock.take(url, "chorus_orders", "rebuild orders.view"))
                    .isInstanceOf(RoleRunning.class).hasMessageContaining("then rebuild orders.view");
            try (var other = RoleLock.take(url, "chorus_payments", "rebuild payments.credit")) {
                assertThat(other).as("another role's schema is another lock").isNotNull();
            }
        } finally {
            first.close();
        }

        assertThat(RoleLock.tryTake(url, "chorus_orders")).hasValueSatisfying(RoleLock::close);
    }

    @Test
    void a_hold_whose_session_ended_is_noticed_as_lost() throws Exception {
        try (var lock = RoleLock.take(url, "chorus_orders", "rebuild orders.view")) {
            lock.ensureHeld();

            terminateAdvisoryLockHolders();
            Thread.sleep(1_100); // it asks the database at most once a second

            assertThatThrownBy(lock::ensureHeld).isInstanceOf(RoleLockLost.class)
                    .hasMessageContaining("schema chorus_orders");
            assertThat(RoleLock.tryTake(url, "chorus_orders")).as("an instance could lead now")
                    .hasValueSatisfying(RoleLock::close);
        }
    }

    private void terminateAdvisoryLockHolders() throws SQLException {
        try (var connection = database.connect();
             var statement = connection.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks"
                     + " WHERE locktype = 'advisory' AND pid <> pg_backend_pid()")) {
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a session held the lock").isTrue();
            }
        }
    }
}
