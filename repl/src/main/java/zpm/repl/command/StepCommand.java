package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.repl.render.AppsTable;
import zpm.repl.render.PerNode;

import java.util.List;

/** The shape of add and sub: {@code APP [N]}, N defaulting to 1. */
abstract class StepCommand implements Command {

    @Override
    public String usage() {
        return "APP [N]";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.isEmpty() || words.size() > 2) {
            throw new UsageException("give an app and optionally how many workers, e.g. " + name() + " web 2");
        }
        String app = words.get(0);
        int n = words.size() == 2 ? Numbers.parse("N", words.get(1), 1, ResizeCommand.MAX_SIZE) : 1;
        return ctx -> {
            ObjectNode p = ctx.params().put("app", app).put("n", n);
            JsonNode r = ctx.callWithProgress(method().name(), p, Targets.unqualified(app));
            ctx.result(r, () -> PerNode.text(r, Targets.nodeOf(app), one -> AppsTable.line(one.path("app"), ctx.color())));
        };
    }
}
