package dev.chorus.core.handler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told (chorus-core's tests cannot use the testkit's, which depends on the core). */
final class TestClock extends Clock {
    static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    Instant advance(Duration by) {
        return now.updateAndGet(at -> at.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("one zone is enough for these tests");
    }
}
