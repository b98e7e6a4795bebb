package zpm.repl.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What Tab offers at a position of a command line: command names first, then what the
 * command's {@link ArgKind} says (app names and worker ids come live from the agent; in a fleet
 * also "b/" for each node, and once a '/' is typed that node's "b/all", "b/web", "b/3").
 */
public final class Completions {

    /** The agent's current app names and worker ids; may be stale or empty, never slow. */
    public interface Live {
        List<String> apps();

        List<String> workerIds();

        /** The fleet's node names; empty for a lone agent. */
        default List<String> nodes() {
            return List.of();
        }

        /** Targets on a named node: "b/all", "b/web", "b/3"; empty for a lone agent. */
        default List<String> qualified() {
            return List.of();
        }
    }

    private final Live live;

    public Completions(Live live) {
        this.live = live;
    }

    /**
     * @param before the complete words before the one being typed
     * @param typed  the start of the word being typed (may be empty)
     * @return the candidates starting with {@code typed}
     */
    public List<String> candidates(List<String> before, String typed) {
        if (before.isEmpty()) {
            return matching(Commands.names(), typed);
        }
        Command c = Commands.find(before.get(0));
        if (c == null) {
            return List.of();
        }
        if (typed.startsWith("-")) {
            return matching(c.flags(), typed);
        }
        return matching(forKind(c.argKind(before.subList(1, before.size())), typed), typed);
    }

    private List<String> forKind(ArgKind kind, String typed) {
        switch (kind) {
            case TARGET:
                // "b/" first, the node's own targets once a '/' is typed: a fleet's list stays short.
                return typed.contains("/") ? live.qualified()
                        : concat(() -> List.of("all"), live::apps, live::workerIds, this::nodePrefixes);
            case NODE:
                return live.nodes();
            case APP:
                return live.apps();
            case COMMAND:
                return Commands.names();
            case EVENT_TYPE:
                return EventsCommand.types();
            case SIGNAL:
                return SignalCommand.NAMES;
            default:
                return List.of();
        }
    }

    private List<String> nodePrefixes() {
        List<String> prefixes = new ArrayList<>();
        live.nodes().forEach(n -> prefixes.add(n + "/"));
        return prefixes;
    }

    @SafeVarargs
    private static List<String> concat(Supplier<List<String>>... parts) {
        List<String> all = new ArrayList<>();
        for (Supplier<List<String>> p : parts) {
            all.addAll(p.get());
        }
        return all;
    }

    private static List<String> matching(List<String> options, String typed) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            if (o.startsWith(typed) && !out.contains(o)) {
                out.add(o);
            }
        }
        return out;
    }
}
