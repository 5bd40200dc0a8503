package dev.chorus.cli;

import dev.chorus.core.projection.RebuildProgress;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a rebuild's progress: a bar redrawn in place on a terminal, or a line at every tenth otherwise (a log file
 * or a CI console would fill up with redraws).
 */
abstract sealed class RebuildDisplay implements Consumer<RebuildProgress> {
    /** How {@code --progress} chooses. */
    enum Mode { AUTO, BAR, LINES }

    protected final PrintStream out;

    private RebuildDisplay(PrintStream out) {
        this.out = out;
    }

    static RebuildDisplay of(Mode mode, Io io) {
        boolean bar = switch (mode) {
            case BAR -> true;
            case LINES -> false;
            case AUTO -> io.out() == System.out && isTerminal();
        };
        return bar ? new Bar(io.out()) : new Lines(io.out());
    }

    /** Ends the display's last line, if it left one open. */
    abstract void finish();

    static final class Bar extends RebuildDisplay {
        private static final int WIDTH = 30;
        private long drawn = -1;
        private boolean open;

        Bar(PrintStream out) {
            super(out);
        }

        @Override
        public void accept(RebuildProgress progress) {
            // Per mille: at most a thousand redraws, however many pages the replay reads.
            long permille = Math.round(progress.fraction() * 1000);
            if (permille == drawn) {
                return;
            }
            drawn = permille;
            int filled = (int) (permille * WIDTH / 1000);
            out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %,d of %,d events", progress.projection(),
                    "#".repeat(filled), ".".repeat(WIDTH - filled), permille / 10, progress.processed(),
                    progress.total()));
            out.flush();
            open = true;
        }

        @Override
        void finish() {
            if (open) {
                out.println();
                open = false;
            }
        }
    }

    static final class Lines extends RebuildDisplay {
        private long printedTenth = -1;

        Lines(PrintStream out) {
            super(out);
        }

        @Override
        public void accept(RebuildProgress progress) {
            long tenth = (long) Math.floor(progress.fraction() * 10);
            if (tenth <= printedTenth) {
                return;
            }
            printedTenth = tenth;
            out.println(String.format(Locale.ROOT, "%s: %d%% (%,d of %,d events)", progress.projection(), tenth * 10,
                    progress.processed(), progress.total()));
        }

        @Override
        void finish() {}
    }

    /**
     * Whether standard output is a terminal. Before Java 22, {@link System#console()} is null unless it is; from 22 on
     * there is a console either way and {@code Console.isTerminal()} tells, which the Java 21 API cannot name.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException java21) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
