package dev.chorus.postgres;

/**
 * How often a {@link PostgresEventStore}'s subscriptions read its tables since it opened.
 *
 * @param tail    reads of new events into the window of recent events the live subscriptions share: at most one per
 *                write of another instance they follow, none for the store's own writes
 * @param catchUp pages a subscription behind that window read for itself
 * @param head    reads of the head by a waiting subscription when the listener had gone quiet
 */
public record SubscriptionReads(long tail, long catchUp, long head) {
    /** What was read between {@code earlier} and this. */
    public SubscriptionReads minus(SubscriptionReads earlier) {
        return new SubscriptionReads(tail - earlier.tail, catchUp - earlier.catchUp, head - earlier.head);
    }
}
