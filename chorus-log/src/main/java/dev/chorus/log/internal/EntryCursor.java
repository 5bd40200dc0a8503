package dev.chorus.log.internal;

/**
 * Index entries that may belong to a stream, in version order. Entries from a hash index can belong to
 * another stream with the same hash: the reader checks the stream id of what it decodes.
 */
public interface EntryCursor {
    boolean next();

    long version();

    long position();

    /** Byte offset of the frame holding the event, in its segment. */
    long offset();

    EntryCursor EMPTY = new EntryCursor() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public long version() {
            throw new IllegalStateException();
        }

        @Override
        public long position() {
            throw new IllegalStateException();
        }

        @Override
        public long offset() {
            throw new IllegalStateException();
        }
    };
}
