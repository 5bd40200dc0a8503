package dev.chorus.core;

/** The metadata keys every store fills or keeps. Metadata itself is a plain string map. */
public final class Metadata {
    public static final String EVENT_ID = "event-id";
    public static final String CORRELATION_ID = "correlation-id";
    public static final String CAUSATION_ID = "causation-id";
    public static final String RECORDED_AT = "recorded-at";
    public static final String TRACEPARENT = "traceparent";

    private Metadata() {}
}
