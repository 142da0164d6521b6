package io.tillstream.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The commands' {@code --name value} and {@code --name=value} options, checked against the names a command knows. */
public final class Options {

    private Options() {
    }

    /** @throws IllegalArgumentException naming an unknown option or one without a value */
    public static Map<String, String> parse(List<String> args, List<String> known) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String name = rest.remove(0);
            String value = null;
            if (name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            } else if (!rest.isEmpty()) {
                value = rest.remove(0);
            }
            if (!known.contains(name) || value == null) {
                throw new IllegalArgumentException(known.contains(name) ? name + " needs a value" : "unknown option " + name);
            }
            options.put(name, value);
        }
        return options;
    }

    /** A positive integer option. */
    public static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive integer, not " + value);
    }
}
