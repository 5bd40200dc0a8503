package dev.chorus.server.internal;

import io.javalin.json.JsonMapper;
import java.io.InputStream;
import java.lang.reflect.Type;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectMapper;

/**
 * Javalin's JSON plug over Jackson 3: Javalin's bundled mapper wants Jackson 2, which Chorus keeps off its
 * classpath. Duplicate keys in a request are refused rather than silently last-one-wins.
 */
public final class Jackson3Mapper implements JsonMapper {
    public static final ObjectMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override
    public String toJsonString(Object obj, Type type) {
        return MAPPER.writeValueAsString(obj);
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        return MAPPER.readValue(json, MAPPER.constructType(targetType));
    }

    @Override
    public <T> T fromJsonStream(InputStream json, Type targetType) {
        return MAPPER.readValue(json, MAPPER.constructType(targetType));
    }
}
