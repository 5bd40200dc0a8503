package dev.chorus.bench.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-parsed {@code --flag} and {@code --option value} (or {@code --option=value}) arguments. The
 * benchmark module has no CLI library: the CLI owns that, and a benchmark must run from a bare
 * classpath too.
 */
final class Args {
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> values = new HashMap<>();

    private Args() {}

    static Args parse(List<String> args, Set<String> knownFlags, Set<String> knownOptions) {
        var parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (knownFlags.contains(name) && inline == null) {
                parsed.flags.add(name);
            } else if (knownOptions.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new BadArgument(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (parsed.values.put(name, value) != null) {
                    throw new BadArgument(name + " is given twice");
                }
            } else {
                throw new BadArgument("unknown argument '" + arg + "'");
            }
        }
        return parsed;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    long longValue(String name, long defaultValue, long min, long max) {
        var text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " takes a whole number; got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new BadArgument(name + " is between " + min + " and " + max + "; got " + value);
        }
        return value;
    }

    double doubleValue(String name, double defaultValue, double min, double max) {
        var text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " takes a number; got '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new BadArgument(name + " is between " + min + " and " + max + "; got " + text);
        }
        return value;
    }
}
