package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;

import java.util.List;

/**
 * The shape of restart, shutdown and terminate: one method taking a required target, with the
 * events of the target's app shown while it runs. A bare "restart" is refused rather than
 * taken as "all": restarting everything should be typed.
 */
abstract class TargetOperation implements Command {

    /** The JSON-RPC method. */
    @Override
    public abstract Method<?, ?> method();

    /** The result in one line. */
    abstract String describe(JsonNode result);

    @Override
    public String name() {
        return method().name();
    }

    @Override
    public String usage() {
        return "all|APP|ID...";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.isEmpty()) {
            throw new UsageException(name() + " what? give " + Targets.HINT + " (\"" + name() + " all\" for every app)");
        }
        JsonNode target = Targets.parse(words);
        return ctx -> {
            ObjectNode p = ctx.params();
            p.set("target", target);
            JsonNode r = ctx.callWithProgress(method().name(), p, Targets.appOf(target));
            ctx.result(r, () -> describe(r));
        };
    }
}
