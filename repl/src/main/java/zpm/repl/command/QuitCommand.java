package zpm.repl.command;

import java.util.List;

/** {@code quit}: leave the console (the agent keeps running). */
public final class QuitCommand implements Command {

    @Override
    public String name() {
        return "quit";
    }

    @Override
    public List<String> aliases() {
        return List.of("exit");
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String summary() {
        return "leave the console (also Ctrl-D); the agent and its workers keep running";
    }

    @Override
    public Invocation parse(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("quit takes no arguments");
        }
        return Context::quit;
    }
}
