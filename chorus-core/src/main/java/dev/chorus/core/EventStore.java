package dev.chorus.core;

/** Every capability of an event store together. Adapters that cannot do all of it implement the parts. */
public interface EventStore extends EventAppender, StreamReader, AllReader, AllSubscriber, AutoCloseable {
    @Override
    void close();
}
