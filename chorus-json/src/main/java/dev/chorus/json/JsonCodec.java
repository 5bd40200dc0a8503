package dev.chorus.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.json.internal.StrictJson;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * JSON for state kept beside the log (snapshots, saga state, read-model rows): a record, a list or a map,
 * with the same strict settings as events. State has no upcasters: when its shape changes, rebuild it from
 * the events (or key it by a version and let the old entries go).
 */
public final class JsonCodec<T> implements Codec<T> {
    private final String typeName;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonCodec(JavaType type) {
        this.typeName = type.toCanonical();
        this.reader = StrictJson.mapper().readerFor(type);
        this.writer = StrictJson.mapper().writerFor(type);
    }

    /**
     * @throws ValidationError {@code type} is an interface or abstract (a sealed state, say) without
     *                         {@code @JsonTypeInfo}: Jackson could write none of its records' fields and read back
     *                         none of them, so every encode would fail (a snapshot never taken, a saga dead-lettered)
     */
    public static <T> JsonCodec<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        boolean abstractType = type.isInterface() || Modifier.isAbstract(type.getModifiers());
        if (abstractType && !type.isPrimitive() && !type.isArray() && type.getAnnotation(JsonTypeInfo.class) == null
                && !type.getName().startsWith("java.")) {
            throw new ValidationError("type", type.getName() + " is " + (type.isSealed() ? "sealed" : "abstract")
                    + ": a JSON object of it cannot say which of its records it is. Annotate it with"
                    + " @JsonTypeInfo(use = JsonTypeInfo.Id.NAME) and @JsonSubTypes naming its records, or give the"
                    + " codec a record type");
        }
        return new JsonCodec<>(StrictJson.mapper().constructType(type));
    }

    /** For generic types: {@code JsonCodec.of(new TypeReference<Map<String, List<OrderRow>>>() {})}. */
    public static <T> JsonCodec<T> of(TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return new JsonCodec<>(StrictJson.mapper().constructType(type));
    }

    public static <E> JsonCodec<List<E>> listOf(Class<E> elementType) {
        Objects.requireNonNull(elementType, "elementType");
        return new JsonCodec<>(StrictJson.mapper().getTypeFactory().constructCollectionType(List.class, elementType));
    }

    /** A map with string keys, which is what a JSON object can hold without a key converter. */
    public static <V> JsonCodec<Map<String, V>> mapOf(Class<V> valueType) {
        Objects.requireNonNull(valueType, "valueType");
        return new JsonCodec<>(StrictJson.mapper().getTypeFactory()
                .constructMapType(Map.class, String.class, valueType));
    }

    @Override
    public byte[] encode(T value) {
        Objects.requireNonNull(value, "value");
        try {
            return writer.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new CodecFailure(typeName, "cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (JacksonException e) {
            throw new CodecFailure(typeName, bytes.length + " bytes do not read as JSON of it: "
                    + e.getOriginalMessage(), e);
        }
        if (value == null) {
            var message = "the JSON is null, not a value";
            throw new CodecFailure(typeName, message, new IllegalArgumentException(message));
        }
        return value;
    }

    @Override
    public String toString() {
        return "JsonCodec[" + typeName + "]";
    }
}
