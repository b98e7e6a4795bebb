package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code delete APP}: stop an app and forget it. */
public final class DeleteCommand extends AppCommand {

    @Override
    public String name() {
        return "delete";
    }

    @Override
    String method() {
        return "apps.delete";
    }

    @Override
    public String summary() {
        return "stop an app and forget it";
    }

    @Override
    String describe(JsonNode result, Context ctx) {
        return "deleted " + result.path("deleted").asText("the app");
    }
}
