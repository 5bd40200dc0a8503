package dev.chorus.core.projection;

/** How far a rebuild is: {@code processed} of the {@code total} events the log held when it started. */
public record RebuildProgress(String projection, long processed, long total) {
    /** From 0.0 to 1.0; an empty log is done at once. */
    public double fraction() {
        return total == 0 ? 1.0 : Math.min(1.0, (double) processed / total);
    }

    public boolean done() {
        return processed >= total;
    }
}
