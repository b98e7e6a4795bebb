package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.StreamCalls;
import zpm.repl.render.LogLine;

import java.util.List;

/** {@code logs [all|APP|ID...] [-n N] [-f]}: the last lines of workers' output, and new ones with -f. */
public final class LogsCommand implements Command {

    private static final Args.Option LINES = Args.Option.value("--lines", "-n");
    private static final Args.Option FOLLOW = Args.Option.flag("--follow", "-f");

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public String usage() {
        return "[all|APP|ID...] [-n N] [-f]";
    }

    @Override
    public Method<?, ?> method() {
        return StreamCalls.LOGS;
    }

    @Override
    public String summary() {
        return "the last lines workers wrote (-n, default 100); -f follows new ones until Ctrl-C";
    }

    @Override
    public List<String> flags() {
        return List.of("-n", "-f", "--lines", "--follow");
    }

    @Override
    public ArgKind argKind(List<String> before) {
        boolean afterN = !before.isEmpty() && (before.get(before.size() - 1).equals("-n")
                || before.get(before.size() - 1).equals("--lines"));
        return afterN ? ArgKind.NONE : Command.super.argKind(before);
    }

    @Override
    public Invocation parse(List<String> args) {
        Args a = Args.parse(name(), args, LINES, FOLLOW);
        int lines = a.integer("--lines", 0, 10_000, 100);
        boolean follow = a.has("--follow");
        JsonNode target = a.positionals().isEmpty() ? null : Targets.parse(a.positionals());
        return ctx -> {
            ObjectNode p = ctx.params().put("lines", lines);
            if (target != null) {
                p.set("target", target);
            }
            if (follow) {
                p.put("follow", true);
                ctx.followLogs(p, r -> tail(ctx, r, false), line -> show(ctx, line));
            } else {
                tail(ctx, ctx.call(method().name(), p), true);
            }
        };
    }

    private static void tail(Context ctx, JsonNode result, boolean sayWhenEmpty) {
        if (ctx.json()) {
            ctx.result(result, null);
            return;
        }
        JsonNode lines = result.path("lines");
        lines.forEach(l -> show(ctx, l));
        if (lines.isEmpty() && sayWhenEmpty) {
            ctx.print("no output yet", false);
        }
    }

    private static void show(Context ctx, JsonNode line) {
        if (ctx.json()) {
            ctx.result(line, null);
        } else {
            ctx.print(LogLine.render(line, ctx.zone(), ctx.color()), false);
        }
    }
}
