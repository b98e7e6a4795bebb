package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.repl.render.AppsTable;

/** {@code stop APP}: take an app to size 0, keeping it. */
public final class StopCommand extends AppCommand {

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public Method<?, ?> method() {
        return AppCalls.STOP;
    }

    @Override
    String describe(JsonNode result, Context ctx) {
        return AppsTable.line(result.path("app"), ctx.color());
    }
}
