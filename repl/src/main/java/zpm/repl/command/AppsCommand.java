package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.repl.render.AppsTable;

import java.util.List;

/** {@code apps}: every app with its state, size and command. */
public final class AppsCommand implements Command {

    @Override
    public String name() {
        return "apps";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public Method<?, ?> method() {
        return AppCalls.LIST;
    }

    @Override
    public String summary() {
        return "every app: state, size, workers online, port and command";
    }

    @Override
    public Invocation parse(List<String> args) {
        if (!Args.parse(name(), args).positionals().isEmpty()) {
            throw new UsageException("apps takes no arguments (status APP shows one app's workers)");
        }
        return ctx -> {
            JsonNode r = ctx.call(method().name(), ctx.params());
            ctx.result(r, () -> AppsTable.render(r, ctx.color()));
        };
    }
}
