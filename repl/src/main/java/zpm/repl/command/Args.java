package zpm.repl.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's arguments split into options and positionals. Options are {@code --name VALUE},
 * {@code --name=VALUE} or a switch; short aliases map onto long names; everything after
 * {@code --} is kept apart (a command line to run).
 */
public final class Args {

    /** One option a command takes. */
    public record Option(String name, String alias, boolean takesValue) {
        public static Option value(String name, String alias) {
            return new Option(name, alias, true);
        }

        public static Option flag(String name, String alias) {
            return new Option(name, alias, false);
        }
    }

    private final List<String> positionals;
    private final Map<String, List<String>> options;
    private final List<String> rest;
    private final boolean hasRest;

    private Args(List<String> positionals, Map<String, List<String>> options, List<String> rest, boolean hasRest) {
        this.positionals = positionals;
        this.options = options;
        this.rest = rest;
        this.hasRest = hasRest;
    }

    public static Args parse(String command, List<String> words, Option... known) {
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                return new Args(positionals, options, List.copyOf(words.subList(i + 1, words.size())), true);
            }
            if (!w.startsWith("-") || w.length() == 1 || isNumber(w)) {
                positionals.add(w);
                continue;
            }
            int eq = w.indexOf('=');
            String name = eq > 0 ? w.substring(0, eq) : w;
            Option o = find(command, name, known);
            String value = null;
            if (o.takesValue()) {
                if (eq > 0) {
                    value = w.substring(eq + 1);
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw new UsageException(o.name() + " needs a value");
                }
            } else if (eq > 0) {
                throw new UsageException(o.name() + " takes no value");
            }
            options.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(value);
        }
        return new Args(positionals, options, List.of(), false);
    }

    private static Option find(String command, String name, Option... known) {
        for (Option o : known) {
            if (o.name().equals(name) || name.equals(o.alias())) {
                return o;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Option o : known) {
            names.append(names.length() > 0 ? ", " : "").append(o.name());
        }
        throw new UsageException("unknown option " + name + " for " + command
                + (known.length == 0 ? " (it takes none)" : " (it takes " + names + ")"));
    }

    /** "-5": a negative number is a value, not an option. */
    private static boolean isNumber(String w) {
        for (int i = 1; i < w.length(); i++) {
            if (!Character.isDigit(w.charAt(i))) {
                return false;
            }
        }
        return w.length() > 1;
    }

    public List<String> positionals() {
        return positionals;
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }

    /** The last value given for {@code option}, or null. */
    public String value(String option) {
        List<String> v = options.get(option);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value given for a repeatable option. */
    public List<String> values(String option) {
        return options.getOrDefault(option, List.of());
    }

    /** The words after {@code --}. */
    public List<String> rest() {
        return rest;
    }

    /** True when {@code --} was given. */
    public boolean hasRest() {
        return hasRest;
    }

    /** {@code option}'s value as an integer in [min, max], or {@code dflt} when not given. */
    public int integer(String option, int min, int max, int dflt) {
        String v = value(option);
        return v == null ? dflt : Numbers.parse(option, v, min, max);
    }
}
