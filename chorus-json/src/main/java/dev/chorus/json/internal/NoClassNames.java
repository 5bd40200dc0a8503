package dev.chorus.json.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;

/**
 * Refuses {@code @JsonTypeInfo(use = CLASS or MINIMAL_CLASS)} anywhere in a record: it would write Java class
 * names into stored facts (which a rename then breaks) and let stored bytes choose a class to load. Type ids by
 * name ({@code use = NAME} with {@code @JsonSubTypes}) remain allowed: they are part of the contract.
 */
final class NoClassNames extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonTypeInfo.Value findPolymorphicTypeInfo(MapperConfig<?> config, Annotated annotated) {
        var info = super.findPolymorphicTypeInfo(config, annotated);
        if (info != null && (info.getIdType() == JsonTypeInfo.Id.CLASS
                || info.getIdType() == JsonTypeInfo.Id.MINIMAL_CLASS)) {
            throw DatabindException.from((JsonGenerator) null, annotated.getName() + " asks for Java class names"
                    + " in the JSON (@JsonTypeInfo(use = " + info.getIdType() + ")); Chorus never stores class names:"
                    + " use @JsonTypeInfo(use = NAME) with @JsonSubTypes names");
        }
        return info;
    }
}
