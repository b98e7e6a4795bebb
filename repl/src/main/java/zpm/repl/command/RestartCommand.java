package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.OperationText;

/** {@code restart all|APP|ID...}: rolling restart, each replacement online before its old worker leaves. */
public final class RestartCommand extends TargetOperation {

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.RESTART;
    }

    @Override
    public String details() {
        return "Answers when every replacement is online; the events show each step.\n"
                + "Ctrl-C stops waiting (the restart goes on in the agent).";
    }

    @Override
    String describe(JsonNode result) {
        return OperationText.restarted(result);
    }
}
