package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;

/** {@code delete APP}: stop an app and forget it. */
public final class DeleteCommand extends AppCommand {

    @Override
    public String name() {
        return "delete";
    }

    @Override
    public Method<?, ?> method() {
        return AppCalls.DELETE;
    }

    @Override
    String describe(JsonNode result, Context ctx) {
        return "deleted " + result.path("deleted").asText("the app");
    }
}
