package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.OperationText;

/** {@code terminate all|APP|ID...}: SIGKILL now. */
public final class TerminateCommand extends TargetOperation {

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.TERMINATE;
    }

    @Override
    String describe(JsonNode result) {
        return OperationText.stopped(result, "killed");
    }
}
