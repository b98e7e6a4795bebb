package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.StatusTable;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code status [all|APP...|ID...]}: the workers as a table. */
public final class StatusCommand implements Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.STATUS;
    }

    @Override
    public String usage() {
        return "[all|APP...|ID...]";
    }

    @Override
    public String summary() {
        return "workers: id, slot, app, pid, state, age, restarts, cpu, memory, connections";
    }

    @Override
    public String details() {
        return "With app names, only their workers; with numbers, those workers.\n"
                + "In a fleet, NODE/ names one node's: status b/web | status b/3 c/4 | status b/all.\n"
                + "Examples: status | status web | status web api | status 3 4";
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        boolean everything = words.isEmpty() || words.equals(List.of("all"));
        boolean names = !everything && words.stream().noneMatch(Targets::isAnyId);
        if (everything || (names && words.size() > 1)) {
            // Several apps: one call for all, filtered here (the wire's target names one app).
            Set<String> apps = everything ? Set.of() : new LinkedHashSet<>(words);
            return ctx -> show(ctx, ctx.call(method().name(), ctx.params()), apps);
        }
        JsonNode target = Targets.parse(words);
        return ctx -> {
            ObjectNode p = ctx.params();
            p.set("target", target);
            show(ctx, ctx.call(method().name(), p), Set.of());
        };
    }

    private static void show(Context ctx, JsonNode result, Set<String> apps) {
        JsonNode shown = apps.isEmpty() ? result : only(result, apps);
        ctx.result(shown, () -> StatusTable.render(shown, apps, ctx.color(), ctx.fleet()));
    }

    private static JsonNode only(JsonNode result, Set<String> apps) {
        ObjectNode copy = result.deepCopy();
        ArrayNode kept = copy.putArray("workers");
        result.path("workers").forEach(w -> {
            String app = w.path("app").asText();
            if (apps.contains(app) || apps.contains(w.path("node").asText() + "/" + app)) {
                kept.add(w);
            }
        });
        return copy;
    }
}
