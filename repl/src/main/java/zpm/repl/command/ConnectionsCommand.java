package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.ConnectionsTable;

import java.util.List;

/** {@code connections [all|APP|ID...]}: established connections per worker, and the total. */
public final class ConnectionsCommand implements Command {

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.CONNECTIONS;
    }

    @Override
    public String usage() {
        return "[all|APP|ID...]";
    }

    @Override
    public String summary() {
        return "established connections per worker, the ports it listens on, and the total";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        JsonNode target = words.isEmpty() ? null : Targets.parse(words);
        return ctx -> {
            ObjectNode p = ctx.params();
            if (target != null) {
                p.set("target", target);
            }
            JsonNode r = ctx.call(method().name(), p);
            ctx.result(r, () -> ConnectionsTable.render(r, ctx.color(), ctx.fleet()));
        };
    }
}
