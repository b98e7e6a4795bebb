package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.AgentCalls;
import zpm.protocol.api.Method;
import zpm.protocol.api.StreamCalls;
import zpm.repl.render.LogLine;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code logs [all|APP|ID...] [-n N] [-f] [--since T] [--grep TEXT [--regex]]}: the last lines of
 * workers' output (from memory and the agent's log files), and new ones with -f;
 * {@code logs --files [APP...]}: where the log files are.
 */
public final class LogsCommand implements Command {

    private static final Args.Option LINES = Args.Option.value("--lines", "-n");
    private static final Args.Option FOLLOW = Args.Option.flag("--follow", "-f");
    private static final Args.Option SINCE = Args.Option.value("--since", null);
    private static final Args.Option GREP = Args.Option.value("--grep", null);
    private static final Args.Option REGEX = Args.Option.flag("--regex", null);
    private static final Args.Option FILES = Args.Option.flag("--files", null);

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
        return "the last lines workers wrote (-n, default 100), also from the log files; -f follows new ones until Ctrl-C";
    }

    @Override
    public String details() {
        return String.join("\n",
                "  --since T      only lines from T on: 30s, 10m, 2h, 1d back, or 2026-12-06T07:30:00Z",
                "  --grep TEXT    only lines containing TEXT (case-sensitive); with -f, new lines too",
                "  --regex        TEXT is a Java regex (logs --grep 'HTTP/1.1\" 5[0-9]{2}' --regex)",
                "  --files        print the log files of the apps (every app when none is named)",
                "Each line: time (with the date when not today), app#worker/slot, out or err, text.");
    }

    /** Not --files: "--f" Tab-completes to --follow, the option typed most. */
    @Override
    public List<String> flags() {
        return List.of("-n", "-f", "--lines", "--follow", "--since", "--grep", "--regex");
    }

    @Override
    public ArgKind argKind(List<String> before) {
        String last = before.isEmpty() ? "" : before.get(before.size() - 1);
        boolean afterValueOption = List.of("-n", "--lines", "--since", "--grep").contains(last);
        return afterValueOption ? ArgKind.NONE : Command.super.argKind(before);
    }

    @Override
    public Invocation parse(List<String> args) {
        Args a = Args.parse(name(), args, LINES, FOLLOW, SINCE, GREP, REGEX, FILES);
        if (a.has("--files")) {
            return files(a);
        }
        int lines = a.integer("--lines", 0, StreamCalls.MAX_LINES, StreamCalls.DEFAULT_LINES);
        boolean follow = a.has("--follow");
        String since = a.value("--since");
        String grep = a.value("--grep");
        if (a.has("--regex") && grep == null) {
            throw new UsageException("--regex says how to read --grep TEXT: give --grep too");
        }
        JsonNode target = a.positionals().isEmpty() ? null : Targets.parse(a.positionals());
        return ctx -> {
            ObjectNode p = ctx.params().put("lines", lines);
            if (target != null) {
                p.set("target", target);
            }
            if (since != null) {
                p.put("since", since);
            }
            if (grep != null) {
                p.put("grep", grep);
            }
            if (a.has("--regex")) {
                p.put("regex", true);
            }
            if (follow) {
                p.put("follow", true);
                ctx.followLogs(p, r -> tail(ctx, r, false), line -> show(ctx, line));
            } else {
                tail(ctx, ctx.call(method().name(), p), true);
            }
        };
    }

    private static Invocation files(Args a) {
        if (a.has("--follow") || a.has("--since") || a.has("--grep") || a.has("--regex") || a.has("--lines")) {
            throw new UsageException("--files takes only app names");
        }
        List<String> apps = a.positionals();
        return ctx -> {
            JsonNode info = ctx.call(AgentCalls.INFO.name(), ctx.params());
            ctx.result(LogFiles.of(info, apps), () -> LogFiles.text(info, apps));
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
            ctx.print(LogLine.render(line, ctx.zone(), LocalDate.now(ctx.zone()), ctx.color()), false);
        }
    }
}
