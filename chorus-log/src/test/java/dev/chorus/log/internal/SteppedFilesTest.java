package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SteppedFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_file_of_several_steps_is_deleted_and_a_missing_one_is_reported_missing() throws IOException {
        Path large = dir.resolve("large");
        Path small = dir.resolve("small");
        Files.write(large, new byte[3 * SteppedOutput.STEP + 7]);
        Files.write(small, new byte[10]);

        boolean deletedLarge = SteppedFiles.delete(large);
        boolean deletedSmall = SteppedFiles.delete(small);
        boolean deletedAgain = SteppedFiles.delete(large);

        assertThat(deletedLarge).isTrue();
        assertThat(deletedSmall).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(large).doesNotExist();
        assertThat(small).doesNotExist();
    }

    @Test
    void a_file_with_another_hard_link_is_unlinked_whole_and_the_other_name_keeps_every_byte() throws IOException {
        Path file = dir.resolve("journal");
        Path backup = dir.resolve("journal.backup");
        byte[] content = new byte[2 * SteppedOutput.STEP + 5];
        content[content.length - 1] = 42;
        Files.write(file, content);
        Files.createLink(backup, file);

        boolean deleted = SteppedFiles.delete(file);

        assertThat(deleted).isTrue();
        assertThat(file).doesNotExist();
        assertThat(Files.readAllBytes(backup)).isEqualTo(content);
    }
}
