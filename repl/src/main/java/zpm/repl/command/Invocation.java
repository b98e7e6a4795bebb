package zpm.repl.command;

/** A command with its arguments checked, ready to run against the agent. */
@FunctionalInterface
public interface Invocation {
    void run(Context ctx);
}
