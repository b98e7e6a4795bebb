package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.repl.render.OperationText;

/** {@code terminate all|APP|ID...}: SIGKILL now. */
public final class TerminateCommand extends TargetOperation {

    @Override
    String method() {
        return "terminate";
    }

    @Override
    public String summary() {
        return "SIGKILL each worker's process tree now";
    }

    @Override
    String describe(JsonNode result) {
        return OperationText.stopped(result, "killed");
    }
}
