package dev.chorus.log;

/** When an append is acknowledged. */
public sealed interface FsyncPolicy {
    /** After its bytes are on disk (fsync'd). The default: nothing acknowledged is ever lost. */
    record Always() implements FsyncPolicy {}

    /**
     * After its bytes are handed to the operating system, which writes them later. Survives a process
     * crash, not a power loss. For tests and throwaway data.
     */
    record Never() implements FsyncPolicy {}

    FsyncPolicy ALWAYS = new Always();
    FsyncPolicy NEVER = new Never();
}
