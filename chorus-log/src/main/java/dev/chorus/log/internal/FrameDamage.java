package dev.chorus.log.internal;

/** A frame that failed a check, at a byte offset of its segment. */
public final class FrameDamage extends Exception {
    private final long offset;

    public FrameDamage(long offset, String reason) {
        super(reason, null, false, false);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }

    public String reason() {
        return getMessage();
    }
}
