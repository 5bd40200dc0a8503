package dev.chorus.core.decider;

/**
 * What became of the snapshot after a command. A snapshot only saves work later, so failing to write one
 * does not fail the command, whose events are durable by then: it is reported here instead.
 */
public sealed interface SnapshotOutcome {
    /** No snapshot policy, or the append did not cross a multiple of its interval. */
    record NotDue() implements SnapshotOutcome {}

    /** A snapshot of the state at {@code version} was committed. */
    record Written(long version) implements SnapshotOutcome {}

    /** Writing it failed; the next due append tries again, and loading folds from the older one meanwhile. */
    record Failed(long version, RuntimeException error) implements SnapshotOutcome {}

    SnapshotOutcome NOT_DUE = new NotDue();
}
