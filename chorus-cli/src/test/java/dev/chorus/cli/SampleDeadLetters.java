package dev.chorus.cli;

import dev.chorus.core.EventType;
import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.Failure;
import java.time.Instant;

/** Open dead letters as the dlq tests write them straight into a state store, with fixed times. */
final class SampleDeadLetters {
    static final Instant FAILED = Instant.parse("2026-03-01T09:00:00Z");

    private SampleDeadLetters() {}

    /** An open dead letter of {@code handler} for an OrderPlaced at {@code position}, after 3 attempts. */
    static DeadLetter letter(String handler, long position, String message) {
        return new DeadLetter(handler, position, "order-" + position, EventType.of("shop.OrderPlaced", 1),
                "0190f2a4-0000-7000-8000-00000000000" + position,
                new Failure("java.lang.IllegalStateException", message,
                        "java.lang.IllegalStateException: " + message + "\n  at shop.Billing.placed(Billing.java:42)\n"),
                3, FAILED, FAILED.plusMillis(300), false, DeadLetterStatus.open());
    }
}
