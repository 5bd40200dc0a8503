package dev.chorus.json.internal;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * The one mapper every Chorus codec uses. Stored bytes outlive the code that wrote them, so each setting is
 * spelled out here rather than left to Jackson's defaults, which changed between major versions and may
 * change again.
 */
public final class StrictJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            // The same value always becomes the same bytes: properties and map keys in a fixed order.
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            // A class Jackson sees no property in would be written as {} and its data silently lost.
            .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Times as ISO-8601 text that keeps nanoseconds and offsets exactly as given.
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DATE_KEYS_AS_TIMESTAMPS)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.TRUNCATE_TO_MSECS_ON_WRITE)
            .disable(DateTimeFeature.TRUNCATE_TO_MSECS_ON_READ)
            // Enums by name: an ordinal changes meaning when someone inserts a constant.
            .disable(EnumFeature.WRITE_ENUMS_USING_INDEX)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // Numbers: written in Jackson's round-tripping form (1E+3 stays scale -3); never as strings.
            .disable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS)
            // Upcasters see decimals exactly as stored, not as doubles, and 12.50 stays 12.50.
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            // After upcasting, the stored JSON must be exactly today's record: a property the record lacks,
            // or a component the JSON lacks, means a schema change without a version bump (or a broken
            // upcaster), and reading on would silently lose or invent data.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            // A type is a stable name in the event's metadata, never a Java class name in its body: no
            // default typing is enabled, @JsonTypeInfo(use = CLASS) is refused, and should a class name reach
            // Jackson anyway, a validator that allows no subtype refuses to load it.
            .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
            .annotationIntrospector(new NoClassNames())
            // Error messages name the location, never quote the stored bytes (which may hold personal data).
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private StrictJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
