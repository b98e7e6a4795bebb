package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
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
    public String summary() {
        return "the agent: version, pid, host, uptime, addresses, apps and its own memory";
    }

    @Override
    public Invocation parse(List<String> args) {
        if (!Args.parse(name(), args).positionals().isEmpty()) {
            throw new UsageException("info takes no arguments");
        }
        return ctx -> {
            JsonNode r = ctx.call("agent.info", ctx.params());
            ctx.result(r, () -> InfoText.render(r, ctx.color()));
        };
    }
}
