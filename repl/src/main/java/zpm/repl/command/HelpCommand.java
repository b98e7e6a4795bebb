package zpm.repl.command;

import zpm.protocol.api.Method;
import zpm.protocol.api.Param;

import java.util.List;

/** {@code help [COMMAND]}: every command in one line each, or one command in full. */
public final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public List<String> aliases() {
        return List.of("?");
    }

    @Override
    public String usage() {
        return "[COMMAND]";
    }

    @Override
    public String summary() {
        return "this list, or how to use one command";
    }

    @Override
    public ArgKind argKind(List<String> before) {
        return before.isEmpty() ? ArgKind.COMMAND : ArgKind.NONE;
    }

    @Override
    public Invocation parse(List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("help takes at most one command name");
        }
        if (args.isEmpty()) {
            return ctx -> ctx.print(overview(ctx.commands()), true);
        }
        String name = args.get(0);
        Command c = Commands.find(name);
        if (c == null) {
            String hint = DidYouMean.hint(name, Commands.names());
            throw new UsageException("no command \"" + name + "\"" + (hint.isEmpty() ? "" : ": " + hint));
        }
        return ctx -> ctx.print(full(c), true);
    }

    static String overview(List<Command> commands) {
        int width = 0;
        for (Command c : commands) {
            width = Math.max(width, c.name().length());
        }
        StringBuilder sb = new StringBuilder("Commands (help COMMAND for more; Tab completes; Ctrl-C stops waiting):\n");
        for (Command c : commands) {
            sb.append("  ").append(c.name()).append(" ".repeat(width - c.name().length() + 2)).append(c.summary())
                    .append('\n');
        }
        sb.append("Targets: all, an app name, or worker ids (numbers).");
        return sb.toString();
    }

    /** "method: restart {target?, timeout?} (changes the agent: needs the full token)". */
    static String method(Method<?, ?> m) {
        StringBuilder params = new StringBuilder();
        for (Param p : m.params()) {
            params.append(params.length() == 0 ? "" : ", ").append(p.name()).append(p.optional() ? "?" : "");
        }
        return "method: " + m.name() + " {" + params + "} " + (m.mutating() ? "(changes the agent: needs the full token)"
                : "(a read-only token may call it)");
    }

    static String full(Command c) {
        StringBuilder sb = new StringBuilder("usage: ").append(c.synopsis()).append('\n').append(c.summary());
        if (c.method() != null) {
            sb.append('\n').append(method(c.method()));
        }
        if (!c.aliases().isEmpty()) {
            sb.append("\nalso: ").append(String.join(", ", c.aliases()));
        }
        if (!c.details().isEmpty()) {
            sb.append('\n').append(c.details());
        }
        return sb.toString();
    }
}
