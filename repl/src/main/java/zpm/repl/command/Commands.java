package zpm.repl.command;

import java.util.ArrayList;
import java.util.List;

/** Every console command, in help order: one explicit list, no classpath scanning. */
public final class Commands {

    private static final List<Command> ALL = List.of(
            new StatusCommand(),
            new ConnectionsCommand(),
            new RestartCommand(),
            new ShutdownCommand(),
            new TerminateCommand(),
            new ResizeCommand(),
            new AddCommand(),
            new SubCommand(),
            new SignalCommand(),
            new SendCommand(),
            new LogsCommand(),
            new EventsCommand(),
            new AppsCommand(),
            new StartCommand(),
            new StopCommand(),
            new DeleteCommand(),
            new InfoCommand(),
            new NodesCommand(),
            new TokenCommand(),
            new ConnectCommand(),
            new HelpCommand(),
            new QuitCommand());

    private Commands() {
    }

    public static List<Command> all() {
        return ALL;
    }

    /** The command a word names (name or alias), or null. */
    public static Command find(String word) {
        for (Command c : ALL) {
            if (c.name().equals(word) || c.aliases().contains(word)) {
                return c;
            }
        }
        return null;
    }

    /** Names and aliases. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Command c : ALL) {
            names.add(c.name());
            names.addAll(c.aliases());
        }
        return names;
    }

    /**
     * The invocation for one command's words.
     *
     * @throws UsageException for an unknown command (with a suggestion) or bad arguments (with the usage)
     */
    public static Invocation parse(List<String> words) {
        String name = words.get(0);
        Command c = find(name);
        if (c == null) {
            String hint = DidYouMean.hint(name, names());
            throw new UsageException("unknown command \"" + name + "\": " + (hint.isEmpty() ? "try help" : hint));
        }
        try {
            return c.parse(words.subList(1, words.size()));
        } catch (UsageException e) {
            throw new UsageException(name + ": " + e.getMessage() + "\nusage: " + c.synopsis());
        }
    }
}
