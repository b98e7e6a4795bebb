package zpm.examples.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Flags of the form {@code --name value}, and {@code --name} alone for switches. */
final class BenchArgs {

    private BenchArgs() {}

    /**
     * @param defaults every valued flag and its default
     * @param switches flags without a value: present in the result (value "true") only when given
     * @throws IllegalArgumentException naming the flag that is unknown or lacks its value
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String... switches) {
        Map<String, String> opts = new HashMap<>(defaults);
        Set<String> flags = Set.of(switches);
        for (int i = 0; i < args.length; i++) {
            if (flags.contains(args[i])) {
                opts.put(args[i], "true");
            } else if (!defaults.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; known: "
                        + new TreeSet<>(defaults.keySet()) + " " + flags);
            } else if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            } else {
                opts.put(args[i], args[++i]);
            }
        }
        return opts;
    }
}
