package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.AgentCalls;
import zpm.protocol.api.Method;
import zpm.repl.render.InfoText;

import java.util.List;

/** {@code info}: the agent's version, pid, uptime, addresses and memory. */
public final class InfoCommand implements Command {

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public Method<?, ?> method() {
        return AgentCalls.INFO;
    }

    @Override
    public Invocation parse(List<String> args) {
        if (!Args.parse(name(), args).positionals().isEmpty()) {
            throw new UsageException("info takes no arguments");
        }
        return ctx -> {
            JsonNode r = ctx.call(method().name(), ctx.params());
            ctx.result(r, () -> InfoText.render(r, ctx.color()));
        };
    }
}
