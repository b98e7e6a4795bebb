package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;
import zpm.repl.render.AppSpecText;
import zpm.repl.render.AppsTable;

import java.util.List;

/** {@code apps [APP]}: every app with its state, size and command; one app with its whole spec. */
public final class AppsCommand implements Command {

    @Override
    public String name() {
        return "apps";
    }

    @Override
    public String usage() {
        return "[APP]";
    }

    @Override
    public Method<?, ?> method() {
        return AppCalls.LIST;
    }

    @Override
    public String summary() {
        return "every app: state, size, workers online, port and command; apps APP: that app's whole spec";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.size() > 1) {
            throw new UsageException("one app at a time (apps alone lists them all; status APP shows an app's workers)");
        }
        if (words.size() == 1) {
            return ctx -> {
                JsonNode app = one(ctx.call(method().name(), ctx.params()), words.get(0));
                ctx.result(app, () -> AppSpecText.render(app, ctx.color()));
            };
        }
        return ctx -> {
            JsonNode r = ctx.call(method().name(), ctx.params());
            ctx.result(r, () -> AppsTable.render(r, ctx.color(), ctx.fleet()));
        };
    }

    /** The app named {@code name} in an apps.list result; unknown is the agent's own error, so it reads the same. */
    private static JsonNode one(JsonNode list, String name) {
        for (JsonNode a : list.path("apps")) {
            if (name.equals(a.path("name").asText())) {
                return a;
            }
        }
        throw new RpcException(ErrorCode.UNKNOWN_APP, "no app named \"" + name + "\"");
    }
}
