package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.repl.render.AppsTable;

/** {@code stop APP}: take an app to size 0, keeping it. */
public final class StopCommand extends AppCommand {

    @Override
    public String name() {
        return "stop";
    }

    @Override
    String method() {
        return "apps.stop";
    }

    @Override
    public String summary() {
        return "stop every worker of an app gracefully, keeping the app (resize brings it back)";
    }

    @Override
    String describe(JsonNode result, Context ctx) {
        return AppsTable.line(result.path("app"), ctx.color());
    }
}
