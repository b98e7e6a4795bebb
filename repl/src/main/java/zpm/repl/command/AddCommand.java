package zpm.repl.command;

/** {@code add APP [N]}: grow an app by N workers. */
public final class AddCommand extends StepCommand {

    @Override
    public String name() {
        return "add";
    }

    @Override
    public String summary() {
        return "grow an app by N workers (default 1)";
    }
}
