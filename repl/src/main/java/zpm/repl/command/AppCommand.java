package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.repl.render.PerNode;

import java.util.List;

/** The shape of stop and delete: one app name, the app's events shown while it runs. */
abstract class AppCommand implements Command {

    @Override
    public abstract Method<?, ?> method();

    abstract String describe(JsonNode result, Context ctx);

    @Override
    public String usage() {
        return "APP";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.size() != 1) {
            throw new UsageException("give one app name, e.g. " + name() + " web");
        }
        String app = words.get(0);
        return ctx -> {
            ObjectNode p = ctx.params().put("app", app);
            JsonNode r = ctx.callWithProgress(method().name(), p, Targets.unqualified(app));
            ctx.result(r, () -> PerNode.text(r, Targets.nodeOf(app), one -> describe(one, ctx)));
        };
    }
}
