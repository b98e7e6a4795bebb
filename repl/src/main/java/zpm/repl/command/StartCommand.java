package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.repl.render.AppsTable;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code start NAME [--size N] [--port P] ... -- CMD ARGS...} or {@code start --file app.json|yaml}:
 * add apps to the agent and start them ({@code apps.start}). With a local agent, relative paths
 * mean what they mean here: the app runs in this console's directory (or the file's), as
 * {@code pm2 start} does.
 */
public final class StartCommand implements Command {

    private static final Args.Option SIZE = Args.Option.value("--size", "-s");
    private static final Args.Option PORT = Args.Option.value("--port", "-p");
    private static final Args.Option CWD = Args.Option.value("--cwd", null);
    private static final Args.Option ENV = Args.Option.value("--env", "-e");
    private static final Args.Option RESTART = Args.Option.value("--restart", null);
    private static final Args.Option FILE = Args.Option.value("--file", "-f");
    private static final Args.Option NODE = Args.Option.value("--node", null);
    private static final List<String> POLICIES = List.of("always", "on-failure", "never");

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String usage() {
        return "NAME [--size N] [--port P] [--cwd DIR] [--env K=V]... [--restart POLICY] [--node NODE] -- CMD ARGS..."
                + " | start --file F [--node NODE]";
    }

    @Override
    public Method<?, ?> method() {
        return AppCalls.START;
    }

    @Override
    public String summary() {
        return "add an app and start it, from flags or from a JSON/YAML file (the config file's app keys)";
    }

    @Override
    public String details() {
        return "Examples:\n  start ticker --size 2 -- sleep 1000\n  start web --size 4 --port 8080 -- java -jar web.jar\n"
                + "  start --file web.yaml        (one app object, a list of them, or {\"apps\": [...]})\n"
                + "POLICY: always | on-failure | never. The agent keeps started apps across its restarts.\n"
                + "In a fleet, --node NODE starts it on that node (default: the node this console is connected to).";
    }

    @Override
    public List<String> flags() {
        return List.of("--size", "--port", "--cwd", "--env", "--restart", "--file", "--node", "--");
    }

    @Override
    public ArgKind argKind(List<String> before) {
        return !before.isEmpty() && before.get(before.size() - 1).equals("--node") ? ArgKind.NODE
                : Command.super.argKind(before);
    }

    @Override
    public Invocation parse(List<String> args) {
        Args a = Args.parse(name(), args, SIZE, PORT, CWD, ENV, RESTART, FILE, NODE);
        String node = a.has("--node") ? node(a.value("--node")) : null;
        if (a.has("--file")) {
            if (!a.positionals().isEmpty() || a.hasRest() || a.has("--size") || a.has("--port")) {
                throw new UsageException("--file takes the whole app from the file: give nothing else");
            }
            Path file = Path.of(a.value("--file"));
            return ctx -> {
                for (JsonNode app : AppFile.read(file, ctx.agentIsLocal())) {
                    startOne(ctx, (ObjectNode) app, node);
                }
            };
        }
        ObjectNode app = fromFlags(a);
        return ctx -> {
            ObjectNode copy = app.deepCopy();
            if (ctx.agentIsLocal()) {
                copy.put("cwd", ctx.workingDir().resolve(app.path("cwd").asText(".")).normalize().toString());
            }
            startOne(ctx, copy, node);
        };
    }

    static ObjectNode fromFlags(Args a) {
        if (a.positionals().size() != 1) {
            throw new UsageException("give the app's name, then -- and its command, e.g. start web -- java -jar web.jar");
        }
        if (a.rest().isEmpty()) {
            throw new UsageException("give the command after --, e.g. start " + a.positionals().get(0) + " -- sleep 1000");
        }
        ObjectNode app = JsonNodeFactory.instance.objectNode();
        app.put("name", a.positionals().get(0));
        ArrayNode cmd = app.putArray("command");
        a.rest().forEach(cmd::add);
        if (a.has("--size")) {
            String s = a.value("--size");
            if (s.equals("cpus")) {
                app.put("size", s);
            } else {
                app.put("size", Numbers.parse("--size", s, 0, ResizeCommand.MAX_SIZE));
            }
        }
        if (a.has("--port")) {
            app.put("port", Numbers.parse("--port", a.value("--port"), 1, 65_535));
        }
        if (a.has("--cwd")) {
            app.put("cwd", a.value("--cwd"));
        }
        env(a, app);
        if (a.has("--restart")) {
            String policy = a.value("--restart");
            if (!POLICIES.contains(policy)) {
                throw new UsageException("--restart must be one of " + String.join(", ", POLICIES) + " (got " + policy + ")");
            }
            app.put("restart", policy);
        }
        return app;
    }

    private static void env(Args a, ObjectNode app) {
        if (a.values("--env").isEmpty()) {
            return;
        }
        ObjectNode env = app.putObject("env");
        for (String kv : a.values("--env")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--env takes NAME=VALUE (got " + kv + ")");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
    }

    /** A node name as the agent takes it (checked here, so a script stops before anything is sent). */
    private static String node(String name) {
        if (!Targets.isNodeName(name)) {
            throw new UsageException("--node takes a node's name (letters, digits, '.', '_' or '-'; nodes lists them),"
                    + " not \"" + name + "\"");
        }
        return name;
    }

    private static void startOne(Context ctx, ObjectNode app, String node) {
        ObjectNode p = ctx.params();
        p.set("app", app);
        if (node != null) {
            p.put("node", node);
        }
        JsonNode r = ctx.callWithProgress(AppCalls.START.name(), p, app.path("name").asText(null));
        ctx.result(r, () -> "started " + AppsTable.line(r.path("app"), ctx.color()));
    }
}
