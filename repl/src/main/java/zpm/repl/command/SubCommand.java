package zpm.repl.command;

import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
/** {@code sub APP [N]}: shrink an app by N workers. */
public final class SubCommand extends StepCommand {

    @Override
    public String name() {
        return "sub";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.SUB;
    }

    @Override
    public String summary() {
        return "shrink an app by N workers (default 1), stopping the highest slots";
    }
}
