package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.OperationText;

/** {@code shutdown all|APP|ID...}: graceful stop; the agent stays up. */
public final class ShutdownCommand extends TargetOperation {

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.SHUTDOWN;
    }

    @Override
    public String details() {
        return "\"shutdown all\" stops every app and leaves the agent running; start them again with resize.";
    }

    @Override
    String describe(JsonNode result) {
        return OperationText.stopped(result, "stopped");
    }
}
