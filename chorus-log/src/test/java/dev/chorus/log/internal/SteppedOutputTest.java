package dev.chorus.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes through a stepped output lands in the file as written, across every step boundary. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SteppedOutputTest {
    @TempDir
    Path dir;

    @Test
    void bytes_and_arrays_of_every_size_land_in_order_across_steps() throws IOException {
        var random = new Random(7);
        byte[] expected = new byte[2 * SteppedOutput.STEP + 12_345];
        random.nextBytes(expected);
        Path file = dir.resolve("stepped");

        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var out = new SteppedOutput(channel);
            int at = 0;
            while (at < expected.length) {
                int n = Math.min(expected.length - at, random.nextInt(3) == 0 ? 1 : random.nextInt(300_000));
                if (n == 1) {
                    out.write(expected[at]);
                } else {
                    out.write(expected, at, n);
                }
                at += n;
            }
            out.finish();
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }
}
