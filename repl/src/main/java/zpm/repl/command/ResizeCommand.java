package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.AppsTable;
import zpm.repl.render.PerNode;

import java.util.List;

/** {@code resize APP N}: set an app's number of workers. */
public final class ResizeCommand implements Command {

    /** The agent's limit of workers per app, checked here before the call. */
    static final int MAX_SIZE = WorkerCalls.MAX_SIZE;

    @Override
    public String name() {
        return "resize";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.RESIZE;
    }

    @Override
    public String usage() {
        return "APP N";
    }

    @Override
    public String summary() {
        return "set an app's number of workers (new slots are forked, the highest ones stopped)";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.size() != 2) {
            throw new UsageException("give an app and its new size, e.g. resize web 4");
        }
        String app = words.get(0);
        int size = Numbers.parse("the size", words.get(1), 0, MAX_SIZE);
        return ctx -> {
            ObjectNode p = ctx.params().put("app", app).put("size", size);
            JsonNode r = ctx.callWithProgress(method().name(), p, Targets.unqualified(app));
            ctx.result(r, () -> PerNode.text(r, Targets.nodeOf(app), one -> AppsTable.line(one.path("app"), ctx.color())));
        };
    }
}
