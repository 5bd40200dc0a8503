package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A role's schema records where its facts are, and refuses to be paired with facts kept anywhere else. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FactsLocationTest {
    @TempDir
    Path tmp;

    private final InMemoryStateStore state = new InMemoryStateStore();

    @Test
    void a_data_directory_gets_an_id_once_and_keeps_it() {
        String first = FactsLocation.log(tmp.resolve("a"));

        assertThat(FactsLocation.log(tmp.resolve("a"))).isEqualTo(first).startsWith("log ");
        assertThat(FactsLocation.log(tmp.resolve("b"))).isNotEqualTo(first);
    }

    @Test
    void a_new_schema_records_the_location_it_is_first_started_with_and_takes_it_again() {
        String log = FactsLocation.log(tmp.resolve("a"));

        FactsLocation.claim(state, "chorus_payments", log, false);
        FactsLocation.claim(state, "chorus_payments", log, false);

        assertThat(FactsLocation.inLog(state)).isTrue();
    }

    @Test
    void a_schema_of_a_log_refuses_postgres_and_another_log() {
        FactsLocation.claim(state, "chorus_payments", FactsLocation.log(tmp.resolve("a")), false);

        var onPostgres = catchThrowableOfType(FactsElsewhere.class,
                () -> FactsLocation.claim(state, "chorus_payments", FactsLocation.POSTGRES, false));
        var onAnotherLog = catchThrowableOfType(FactsElsewhere.class,
                () -> FactsLocation.claim(state, "chorus_payments", FactsLocation.log(tmp.resolve("b")), false));

        assertThat(onPostgres.schema()).isEqualTo("chorus_payments");
        assertThat(onPostgres.recorded()).isEqualTo(FactsLocation.log(tmp.resolve("a")));
        assertThat(onPostgres).hasMessageContaining("in PostgreSQL").hasMessageContaining("--schema");
        assertThat(onAnotherLog.given()).isEqualTo(FactsLocation.log(tmp.resolve("b")));
    }

    @Test
    void a_schema_whose_events_table_holds_facts_and_that_recorded_no_location_is_postgres_s() {
        var thrown = catchThrowableOfType(FactsElsewhere.class, () -> FactsLocation.claim(state, "chorus_payments",
                FactsLocation.log(tmp.resolve("a")), true));

        assertThat(thrown.recorded()).isEqualTo(FactsLocation.POSTGRES);
        assertThat(FactsLocation.inLog(state)).isFalse();
    }

    @Test
    void a_new_directory_is_refused_before_it_is_made_when_the_schema_holds_checkpoints_or_facts() {
        var withFacts = catchThrowableOfType(FactsElsewhere.class,
                () -> FactsLocation.claimLog(state, "chorus_payments", tmp.resolve("new"), true));
        state.commit(List.of(Checkpoints.save("payments.credit", 42)));
        var withCheckpoints = catchThrowableOfType(FactsElsewhere.class,
                () -> FactsLocation.claimLog(state, "chorus_payments", tmp.resolve("new"), false));

        assertThat(withFacts.recorded()).isEqualTo(FactsLocation.POSTGRES);
        assertThat(withCheckpoints.recorded()).isEqualTo(FactsLocation.POSTGRES);
        assertThat(tmp.resolve("new")).doesNotExist();
        assertThat(state.get(FactsLocation.KEY)).isEmpty();
    }

    @Test
    void a_directory_holding_a_log_that_no_role_made_is_refused_and_left_as_it_was() throws Exception {
        Path demo = Files.createDirectories(tmp.resolve("chorus-data"));
        Files.write(demo.resolve("00000000000000000000.seg"), new byte[0]);

        var thrown = catchThrowableOfType(ValidationError.class,
                () -> FactsLocation.claimLog(state, "chorus_payments", demo, false));

        assertThat(thrown).hasMessageContaining("did not make");
        assertThat(FactsLocation.isRoleLog(demo)).isFalse();
        assertThat(state.get(FactsLocation.KEY)).isEmpty();
    }

    @Test
    void claiming_a_new_directory_makes_its_id_records_it_and_remembers_where_it_is() {
        String location = FactsLocation.claimLog(state, "chorus_payments", tmp.resolve("new"), false);

        assertThat(location).isEqualTo(FactsLocation.log(tmp.resolve("new")));
        assertThat(FactsLocation.inLogOf(state, tmp.resolve("new"))).isTrue();
        assertThat(state.get(FactsLocation.DIR_KEY)).hasValueSatisfying(dir -> assertThat(new String(dir,
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(tmp.resolve("new").toAbsolutePath().toString()));
    }

    @Test
    void a_schema_written_before_locations_were_recorded_is_postgres_s() {
        state.commit(List.of(Checkpoints.save("payments.credit", 42)));

        var thrown = catchThrowableOfType(FactsElsewhere.class,
                () -> FactsLocation.claim(state, "chorus_payments", FactsLocation.log(tmp.resolve("a")), false));
        FactsLocation.claim(state, "chorus_payments", FactsLocation.POSTGRES, false);

        assertThat(thrown.recorded()).isEqualTo(FactsLocation.POSTGRES);
        assertThat(FactsLocation.inLog(state)).isFalse();
    }
}
