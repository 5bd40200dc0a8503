package dev.chorus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.testkit.postgres.PostgresFixture;
import dev.chorus.testkit.postgres.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The testkit's PostgreSQL fixture: a database per test, isolated, UTF8 in code point order, gone once closed. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresFixtureTest {
    @Test
    void two_test_databases_do_not_see_each_others_tables() throws SQLException {
        try (var one = PostgresFixture.shared().newDatabase(); var other = PostgresFixture.shared().newDatabase()) {
            try (var connection = one.connect(); var create = connection.prepareStatement("CREATE TABLE mine (x int)")) {
                create.execute();
            }

            assertThat(one.name()).isNotEqualTo(other.name());
            assertThat(tables(other)).doesNotContain("mine");
            assertThat(tables(one)).contains("mine");
        }
    }

    @Test
    void a_test_database_is_utf8_with_collation_c() throws SQLException {
        try (var database = PostgresFixture.shared().newDatabase(); var connection = database.connect();
             var query = connection.prepareStatement("SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database"
                     + " WHERE datname = current_database()"); var rows = query.executeQuery()) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("UTF8");
            assertThat(rows.getString(2)).isEqualTo("C");
        }
    }

    @Test
    void a_closed_test_database_is_dropped_even_with_a_connection_still_open() throws SQLException {
        var database = PostgresFixture.shared().newDatabase();
        var forgotten = database.connect();

        database.close();

        assertThat(forgotten.isValid(5)).isFalse();
        assertThatThrownBy(database::connect).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
        forgotten.close();
    }

    private static List<String> tables(TestDatabase database)
            throws SQLException {
        try (var connection = database.connect();
             var query = connection.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
             var rows = query.executeQuery()) {
            var names = new ArrayList<String>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
