package dev.chorus.core.saga.internal;

import dev.chorus.core.UuidV7;
import java.time.Instant;

/**
 * Ids for what a saga step sends out (commands, published events, fired timeouts), derived from what caused
 * them instead of drawn at random: a redelivered step sends copies under the same ids, which an idempotent
 * receiver applies once. Shaped as version 7 UUIDs stamped with the cause's time, like every other event id.
 */
public final class DerivedIds {
    private DerivedIds() {}

    public static String derive(Instant causeTime, String... parts) {
        var all = new String[parts.length + 1];
        all[0] = "chorus-saga";
        System.arraycopy(parts, 0, all, 1, parts.length);
        return UuidV7.derived(causeTime, all).toString();
    }
}
