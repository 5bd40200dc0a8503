package dev.chorus.core.projection;

import dev.chorus.core.ChorusException;
import java.util.List;

/** No projection of that name is registered. The message lists the ones that are. */
public final class UnknownProjection extends ChorusException {
    private final String name;
    private final List<String> known;

    public UnknownProjection(String name, List<String> known) {
        super("no projection named \"" + name + "\" is registered; "
                + (known.isEmpty() ? "this application registers none" : "registered: " + String.join(", ", known)));
        this.name = name;
        this.known = List.copyOf(known);
    }

    public String name() {
        return name;
    }

    public List<String> known() {
        return known;
    }
}
