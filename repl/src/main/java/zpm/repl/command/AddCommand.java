package zpm.repl.command;

import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
/** {@code add APP [N]}: grow an app by N workers. */
public final class AddCommand extends StepCommand {

    @Override
    public String name() {
        return "add";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.ADD;
    }

    @Override
    public String summary() {
        return "grow an app by N workers (default 1)";
    }
}
