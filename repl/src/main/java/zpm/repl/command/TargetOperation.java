package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.repl.render.PerNode;

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

    /** The options it takes besides the target (none unless a command says). */
    Args.Option[] options() {
        return new Args.Option[0];
    }

    /** Puts what its options say into the params (checked here, before anything is sent). */
    void optionParams(Args args, ObjectNode params) {
    }

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
        Args parsed = Args.parse(name(), args, options());
        List<String> words = parsed.positionals();
        if (words.isEmpty()) {
            throw new UsageException(name() + " what? give " + Targets.HINT + " (\"" + name() + " all\" for every app)");
        }
        JsonNode target = Targets.parse(words);
        ObjectNode extra = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        optionParams(parsed, extra);
        return ctx -> {
            ObjectNode p = ctx.params();
            p.set("target", target);
            p.setAll(extra);
            JsonNode r = ctx.callWithProgress(method().name(), p, Targets.appOf(target));
            ctx.result(r, () -> PerNode.text(r, Targets.nodeOf(target), this::describe));
        };
    }
}
