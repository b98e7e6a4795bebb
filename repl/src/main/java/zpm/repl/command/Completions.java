package zpm.repl.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What Tab offers at a position of a command line: command names first, then what the
 * command's {@link ArgKind} says (app names and worker ids come live from the agent).
 */
public final class Completions {

    /** The agent's current app names and worker ids; may be stale or empty, never slow. */
    public interface Live {
        List<String> apps();

        List<String> workerIds();
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
        return matching(forKind(c.argKind(before.subList(1, before.size()))), typed);
    }

    private List<String> forKind(ArgKind kind) {
        switch (kind) {
            case TARGET:
                return concat(() -> List.of("all"), live::apps, live::workerIds);
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
