package dev.chorus.core;

/** An input is larger than a documented limit; nothing was written. */
public final class LimitExceeded extends ValidationError {
    private final long limit;
    private final long actual;

    public LimitExceeded(String field, long limit, long actual) {
        super(field, field + " is " + actual + ", above the limit of " + limit
                + "; split the data or raise the limit in the store's configuration");
        this.limit = limit;
        this.actual = actual;
    }

    public long limit() {
        return limit;
    }

    public long actual() {
        return actual;
    }
}
