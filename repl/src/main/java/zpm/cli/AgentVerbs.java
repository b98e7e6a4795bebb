package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.repl.command.Context;
import zpm.repl.command.Invocation;
import zpm.repl.command.Targets;
import zpm.repl.command.UsageException;
import zpm.repl.render.AppsTable;
import zpm.repl.render.StatusTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The verbs that are console commands under PM2's words: each one becomes the console's command
 * (same checks, same tables, same --json), run against the agent of the state directory.
 */
final class AgentVerbs {

    private AgentVerbs() {
    }

    static Verb ls() {
        return Verb.of("ls", List.of("list", "status"), "every worker: id, app, pid, state, age, restarts, cpu, memory",
                "With app names or worker ids, only those.", List.of("[APP...]"), List.of(), true,
                (p, cli) -> cli.command(words("status", p.posList(0)), p.json()));
    }

    static Verb nodes() {
        return Verb.of("nodes", List.of(), "the fleet's nodes: name, address, version, uptime, apps, workers, state",
                "A lone agent is a fleet of one. --json prints the nodes method's result. Other verbs take NODE/ targets:"
                        + " zpm restart b/web, zpm stop b/3.", List.of(), List.of(), true,
                (p, cli) -> cli.command(List.of("nodes"), p.json()));
    }

    static Verb logs() {
        return Verb.of("logs", List.of(), "the last lines the workers wrote (-n, default 100); -f follows new ones",
                "Also from the log files when memory no longer holds them. Ctrl-C ends -f.", List.of("[APP]"),
                List.of(CliSpec.value(new String[]{"-n", "--lines"}, "N", "how many lines"),
                        CliSpec.flag(new String[]{"-f", "--follow"}, "go on with new lines until Ctrl-C")), true,
                (p, cli) -> {
                    List<String> w = new ArrayList<>(List.of("logs"));
                    if (p.pos(0) != null) {
                        w.add(p.pos(0));
                    }
                    if (p.opt("-n") != null) {
                        w.addAll(List.of("-n", p.opt("-n")));
                    }
                    if (p.flag("-f")) {
                        w.add("-f");
                    }
                    return cli.command(w, p.json());
                });
    }

    static Verb restart() {
        return Verb.of("restart", List.of("reload"), "rolling restart: one worker at a time, each new one online first",
                "TARGET: an app, a worker id, or all. reload is the same (PM2's word).", List.of("TARGET"), List.of(), true,
                (p, cli) -> cli.command(List.of("restart", p.pos(0)), p.json()));
    }

    static Verb stop() {
        return Verb.of("stop", List.of(), "stop an app (kept, at size 0), a worker (by id) or all apps",
                "A worker stopped by id is not replaced: its app shrinks by one.", List.of("TARGET"), List.of(), true,
                (p, cli) -> appOrAll(cli, p, "stop", "shutdown"));
    }

    static Verb delete() {
        return Verb.of("delete", List.of(), "stop an app and forget it (or all apps)", "", List.of("TARGET"), List.of(),
                true, (p, cli) -> appOrAll(cli, p, "delete", null));
    }

    static Verb scale() {
        return Verb.of("scale", List.of(), "set an app's number of workers",
                "Example: zpm scale web 4", List.of("APP", "N"), List.of(), true,
                (p, cli) -> cli.command(List.of("resize", p.pos(0), p.pos(1)), p.json()));
    }

    static Verb signal() {
        return Verb.of("signal", List.of(), "send a signal to workers",
                "Example: zpm signal SIGUSR2 web (TARGET: an app, a worker id, or all)", List.of("SIG", "TARGET"),
                List.of(), true, (p, cli) -> cli.command(List.of("signal", p.pos(0), p.pos(1)), p.json()));
    }

    static Verb send() {
        return Verb.of("send", List.of(), "send a JSON message to workers over their control channel",
                "Example: zpm send web '{\"reload\": true}' (quote the JSON for the shell)", List.of("TARGET", "JSON"),
                List.of(), true, (p, cli) -> cli.command(List.of("send", p.pos(0), p.pos(1)), p.json()));
    }

    static Verb describe() {
        return Verb.of("describe", List.of(), "an app's whole spec, every worker, and their last exits and why",
                "--json prints {\"app\": <apps.list's entry>, \"workers\": <status's rows for the app>}.",
                List.of("APP"), List.of(), true, (p, cli) -> {
                    String app = p.pos(0);
                    return cli.run(ctx -> describe(ctx, app), List.of("describe", app), p.json());
                });
    }

    private static void describe(Context ctx, String app) {
        JsonNode spec = null;
        for (JsonNode a : ctx.call("apps.list", ctx.params()).path("apps")) {
            if (app.equals(a.path("name").asText())) {
                spec = a;
            }
        }
        if (spec == null) {
            throw new zpm.protocol.jsonrpc.RpcException(zpm.protocol.jsonrpc.ErrorCode.UNKNOWN_APP, "unknown app " + app);
        }
        ObjectNode params = ctx.params();
        params.put("target", app);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.set("app", spec);
        r.set("workers", ctx.call("status", params).path("workers"));
        ctx.result(r, () -> Describe.text(r, ctx.color()));
    }

    /** stop/delete: an app by name; a worker by id ({@code byId} command, or refused); all = every app. */
    private static int appOrAll(Cli cli, Parsed p, String command, String byId) {
        String target = p.pos(0);
        if (target.equals("all")) {
            return cli.run(ctx -> eachApp(ctx, command), List.of(command, "all"), p.json());
        }
        if (target.chars().allMatch(Character::isDigit) || Targets.isAnyId(target)) {
            if (byId == null) {
                throw new UsageException(command + " takes an app name or all (got the worker id " + target
                        + "; zpm stop " + target + " stops one worker)");
            }
            return cli.command(List.of(byId, target), p.json());
        }
        return cli.command(List.of(command, target), p.json());
    }

    /** apps.stop / apps.delete for every app; --json: {"apps": [each result's app]}. */
    private static void eachApp(Context ctx, String command) {
        String method = "apps." + command;
        ArrayNode done = JsonNodeFactory.instance.arrayNode();
        List<String> lines = new ArrayList<>();
        for (JsonNode a : ctx.call("apps.list", ctx.params()).path("apps")) {
            ObjectNode params = ctx.params();
            params.put("app", a.path("name").asText());
            JsonNode r = ctx.call(method, params);
            done.add(r.has("app") ? r.path("app") : r);
            lines.add(command + (command.endsWith("e") ? "d " : "ped ") + (r.has("app")
                    ? AppsTable.line(r.path("app"), ctx.color()) : a.path("name").asText()));
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("apps", done);
        ctx.result(result, () -> lines.isEmpty() ? "no apps" : String.join("\n", lines));
    }

    static List<String> words(String command, List<String> args) {
        List<String> w = new ArrayList<>();
        w.add(command);
        w.addAll(args);
        return w;
    }

    /** Rows of one app, as the console's status table shows them. */
    static String workersTable(JsonNode workers, boolean color) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.set("workers", workers);
        return StatusTable.render(r, Set.of(), color);
    }
}
