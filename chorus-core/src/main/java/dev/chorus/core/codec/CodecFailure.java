package dev.chorus.core.codec;

import dev.chorus.core.ChorusException;

/** Bytes that do not decode into the type they claim to be, or a value that cannot be encoded. */
public final class CodecFailure extends ChorusException {
    private final String typeName;

    public CodecFailure(String typeName, String message) {
        super("cannot encode or decode " + typeName + ": " + message);
        this.typeName = typeName;
    }

    public CodecFailure(String typeName, String message, Throwable cause) {
        super("cannot encode or decode " + typeName + ": " + message, cause);
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }
}
