package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.repl.render.OperationText;

/** {@code shutdown all|APP|ID...}: graceful stop; the agent stays up. */
public final class ShutdownCommand extends TargetOperation {

    @Override
    String method() {
        return "shutdown";
    }

    @Override
    public String summary() {
        return "graceful stop (SIGTERM, SIGKILL after the kill timeout); apps go to size 0";
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
