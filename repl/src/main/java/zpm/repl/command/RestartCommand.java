package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.repl.render.OperationText;

/** {@code restart all|APP|ID...}: rolling restart, each replacement online before its old worker leaves. */
public final class RestartCommand extends TargetOperation {

    @Override
    String method() {
        return "restart";
    }

    @Override
    public String summary() {
        return "rolling restart: each replacement is online before the old worker leaves";
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
