package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.repl.command.Context;
import zpm.repl.command.Numbers;
import zpm.repl.command.UsageException;
import zpm.repl.render.AppsTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code zpm start CMD [ARGS...] [options]} (one app from flags) and {@code zpm start FILE.yaml|json}
 * (the console's {@code start --file}: the same reader and rules).
 */
final class StartVerb {

    private static final List<String> POLICIES = List.of("always", "on-failure", "never");
    private static final List<String> READINESS = List.of("tcp", "http", "notify", "none");

    private StartVerb() {
    }

    static Verb verb() {
        return Verb.of("start", List.of(), "start a script, a command, or the apps of a YAML/JSON file",
                String.join("\n", "app.js runs with node, app.py with python3, app.jar with java -jar, app.sh with sh,",
                        "an executable file as itself. The name defaults to the script's base name.",
                        "Arguments for the app that start with '-' go after --: zpm start app.js -- --verbose",
                        "Examples: zpm start app.js -i 4 --port 3000 | zpm start apps.yaml | zpm start -- sleep 1000"),
                List.of("CMD..."), List.of(
                        CliSpec.value("--name", "N", "the app's name"),
                        CliSpec.value(new String[]{"-i", "--instances"}, "N|max", "how many workers (max: one per CPU)"),
                        CliSpec.value("--port", "P", "the port the workers share"),
                        CliSpec.values("--env", "K=V", "an environment variable (repeat for more)"),
                        CliSpec.value("--cwd", "DIR", "where the app runs (default: here)"),
                        CliSpec.value("--restart", "POLICY", "always | on-failure | never"),
                        watch(),
                        CliSpec.value("--readiness", "TYPE", "when a worker is ready: tcp | http | notify | none"),
                        CliSpec.value("--user", "U", "run the workers as this user (the agent must run as root)")),
                true, StartVerb::run);
    }

    private static picocli.CommandLine.Model.OptionSpec watch() {
        return picocli.CommandLine.Model.OptionSpec.builder("--watch").paramLabel("PATH").arity("0..1")
                .type(List.class).auxiliaryTypes(String.class)
                .description("restart on changes under PATH (repeat; without PATH: the app's directory)").build();
    }

    private static int run(Parsed p, Cli cli) {
        List<String> words = p.posList(0);
        String lower = words.get(0).toLowerCase(Locale.ROOT);
        if (words.size() == 1 && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"))) {
            if (p.has("--name") || p.has("-i") || p.has("--port")) {
                throw new UsageException("a config file gives the whole app: give no other option with " + words.get(0));
            }
            return cli.command(List.of("start", "--file", words.get(0)), p.json());
        }
        if (words.size() == 1 && isBareName(words.get(0)) && !hasAppOptions(p)
                && cli.withAgent(link -> knows(link, words.get(0)) ? 1 : 0) == 1) {
            // PM2's `pm2 start api`: an app the agent knows (declared with autostart: false, or
            // stopped) is started at its size, as restart does
            return cli.command(List.of("restart", words.get(0)), p.json());
        }
        ObjectNode app = app(p, words, cli.globals);
        return cli.run(ctx -> startOne(ctx, app), List.of("start", app.path("name").asText()), p.json());
    }

    /** A word that could be an app's name rather than a file or a path: no slash, no file of that name here. */
    private static boolean isBareName(String word) {
        return !word.contains("/") && !Files.exists(Path.of(word));
    }

    private static boolean hasAppOptions(Parsed p) {
        return List.of("--name", "-i", "--port", "--env", "--cwd", "--restart", "--watch", "--readiness", "--user")
                .stream().anyMatch(p::has);
    }

    /** Whether the agent has an app of that name; false when it cannot say (the start then reports why). */
    private static boolean knows(AgentLink link, String app) {
        try {
            for (JsonNode a : link.session().client().call("apps.list").path("apps")) {
                if (app.equals(a.path("name").asText())) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The app object apps.start takes, with an absolute cwd (the agent is local: this is where it runs). */
    static ObjectNode app(Parsed p, List<String> words, Globals g) {
        Path cwd = Path.of("").toAbsolutePath().resolve(p.opt("--cwd") == null ? "." : p.opt("--cwd")).normalize();
        ObjectNode app = JsonNodeFactory.instance.objectNode();
        app.put("name", p.opt("--name") != null ? p.opt("--name") : ScriptCommand.defaultName(words));
        ArrayNode cmd = app.putArray("command");
        ScriptCommand.command(words, cwd, g.env().get("PATH")).forEach(cmd::add);
        app.put("cwd", cwd.toString());
        instances(p.opt("-i"), app);
        if (p.opt("--port") != null) {
            app.put("port", Numbers.parse("--port", p.opt("--port"), 1, 65_535));
        }
        env(p.opts("--env"), app);
        if (p.opt("--restart") != null) {
            app.put("restart", oneOf("--restart", p.opt("--restart"), POLICIES));
        }
        if (p.has("--watch")) {
            ArrayNode w = app.putArray("watch");
            List<String> paths = p.opts("--watch").stream().filter(s -> !s.isEmpty()).toList();
            (paths.isEmpty() ? List.of(".") : paths).forEach(w::add);
        }
        if (p.opt("--readiness") != null) {
            app.putObject("readiness").put("type", oneOf("--readiness", p.opt("--readiness"), READINESS));
        }
        if (p.opt("--user") != null) {
            app.put("user", p.opt("--user"));
        }
        return app;
    }

    private static void instances(String n, ObjectNode app) {
        if (n == null) {
            return;
        }
        if (n.equals("max") || n.equals("cpus")) {
            app.put("size", "cpus");
        } else {
            app.put("size", Numbers.parse("--instances", n, 0, 10_000));
        }
    }

    private static void env(List<String> pairs, ObjectNode app) {
        if (pairs.isEmpty()) {
            return;
        }
        ObjectNode env = app.putObject("env");
        for (String kv : pairs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--env takes NAME=VALUE (got " + kv + ")");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
    }

    private static String oneOf(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new UsageException(option + " must be one of " + String.join(", ", allowed) + " (got " + value + ")");
        }
        return value;
    }

    private static void startOne(Context ctx, ObjectNode app) {
        ObjectNode p = ctx.params();
        p.set("app", app);
        JsonNode r = ctx.callWithProgress("apps.start", p, app.path("name").asText(null));
        ctx.result(r, () -> "started " + AppsTable.line(r.path("app"), ctx.color()));
    }
}
