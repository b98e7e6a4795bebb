package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.api.FleetCalls;
import zpm.protocol.api.Method;
import zpm.repl.render.NodesTable;

import java.util.List;

/** {@code nodes}: every node of the fleet (a lone agent is one): address, version, uptime, counts, state. */
public final class NodesCommand implements Command {

    @Override
    public String name() {
        return "nodes";
    }

    @Override
    public Method<?, ?> method() {
        return FleetCalls.NODES;
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String summary() {
        return "every node of the fleet: name, address, version, uptime, apps, workers, state";
    }

    @Override
    public String details() {
        return "A node listed as unreachable is in the fleet but did not answer in time (its counts are -).\n"
                + "Other commands name a node's workers as NODE/APP, NODE/ID, NODE/all (e.g. restart b/web).";
    }

    @Override
    public Invocation parse(List<String> args) {
        if (!Args.parse(name(), args).positionals().isEmpty()) {
            throw new UsageException("takes no arguments");
        }
        return ctx -> {
            JsonNode r = ctx.call(method().name(), ctx.params());
            ctx.result(r, () -> NodesTable.render(r, ctx.color()));
        };
    }
}
