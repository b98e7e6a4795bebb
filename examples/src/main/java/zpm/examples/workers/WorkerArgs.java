package zpm.examples.workers;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The few command-line flags an example worker takes: {@code --name value}, {@code --name=value}
 * and bare boolean {@code --name}. Unknown flags are errors, so a typo in a config file's
 * {@code command} shows up as a failed start instead of a silently ignored setting.
 */
final class WorkerArgs {

    /** A usage error: the worker prints it with its usage line and exits 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong, or null for a request for help */
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values;
    private final Set<String> flags;

    private WorkerArgs(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    /**
     * @param valued  names that take a value, e.g. {@code "--port"}
     * @param booleans names that stand alone, e.g. {@code "--child"}
     */
    static WorkerArgs parse(String[] args, Set<String> valued, Set<String> booleans) throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (valued.contains(name)) {
                if (eq < 0 && i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                values.put(name, eq < 0 ? args[++i] : arg.substring(eq + 1));
            } else if (booleans.contains(name) && eq < 0) {
                flags.add(name);
            } else {
                throw new UsageException("unknown argument: " + arg);
            }
        }
        return new WorkerArgs(values, flags);
    }

    /**
     * Prints the problem and the usage line to stderr and exits 2 (the shell convention for a
     * usage error, so a supervisor sees a failed start, not a clean exit). For {@code --help}
     * prints the usage line to stdout and exits 0.
     */
    static void exitWithUsage(UsageException e, String usage) {
        if (e.getMessage() == null) {
            System.out.println("usage: " + usage);
            System.exit(0);
        }
        System.err.println(e.getMessage());
        System.err.println("usage: " + usage);
        System.exit(2);
    }

    boolean has(String flag) {
        return flags.contains(flag) || values.containsKey(flag);
    }

    /** The flag's value as a whole number in [min, max], or {@code otherwise} when absent. */
    long number(String name, long otherwise, long min, long max) throws UsageException {
        String text = values.get(name);
        if (text == null) {
            return otherwise;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number (got \"" + text + "\")");
        }
        if (value < min || value > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }

}
