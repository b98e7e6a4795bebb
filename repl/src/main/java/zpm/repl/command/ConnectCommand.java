package zpm.repl.command;

import java.util.List;

/**
 * {@code connect}: connect again to the same agent after the console stopped retrying (the agent
 * refused the token on a reconnect, e.g. after {@code token rotate} or a restart with another
 * token): the token is read again from where it came from (file, environment).
 */
public final class ConnectCommand implements Command {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String summary() {
        return "connect again to the same agent (reads the token again) once the console stopped retrying";
    }

    @Override
    public Invocation parse(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("connect takes no arguments: it connects again to the agent this console was started"
                    + " for (zpm-repl connect HOST:PORT picks another)");
        }
        return Context::reconnect;
    }
}
