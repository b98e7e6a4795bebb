package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.FleetCalls;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.client.ZpmClientException;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;
import zpm.protocol.event.LifecycleEvent;
import zpm.repl.command.Command;
import zpm.repl.command.Commands;
import zpm.repl.command.Context;
import zpm.repl.command.DidYouMean;
import zpm.repl.command.Invocation;
import zpm.repl.command.UsageException;
import zpm.repl.render.FleetRows;
import zpm.repl.render.PerNode;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs commands against the session, in the console and in scripts alike: turns every outcome
 * into output and an exit code ({@link ExitCodes}). Waits end on Ctrl-C ({@link Cancel}).
 */
public final class Runner implements Context {

    private final ConsoleSession session;
    private final Output out;
    private final boolean json;
    private final boolean interactive;
    private final Cancel cancel;
    private final Follower follower;
    private final Supplier<List<String>> appNames;
    private final FleetView fleet;
    private volatile boolean quit;
    /** A node of the fleet refused its part of the running command. */
    private boolean partFailed;
    /** In a script: whether the agent is in a fleet of several nodes, once asked. */
    private Boolean scriptFleet;
    private ZoneId zone;
    private List<String> words = List.of();

    /**
     * @param appNames the agent's app names for "did you mean", or null to ask the agent
     */
    public Runner(ConsoleSession session, Output out, boolean json, boolean interactive, Cancel cancel,
                  Supplier<List<String>> appNames) {
        this(session, out, json, interactive, cancel, appNames, null);
    }

    /** @param fleet the fleet as the console knows it, or null (scripts: the rows alone decide) */
    public Runner(ConsoleSession session, Output out, boolean json, boolean interactive, Cancel cancel,
                  Supplier<List<String>> appNames, FleetView fleet) {
        this.fleet = fleet;
        this.session = session;
        this.out = out;
        this.json = json;
        this.interactive = interactive;
        this.cancel = cancel;
        this.follower = new Follower(session.client(), cancel, out, this);
        this.appNames = appNames;
    }

    /** Reads and runs one command's words; returns its exit code. */
    public int execute(List<String> commandWords) {
        words = commandWords;
        Invocation inv;
        try {
            inv = Commands.parse(commandWords);
        } catch (UsageException e) {
            return usage(e);
        }
        return run(inv);
    }

    /** Runs a command already read (a -c script is read whole before anything runs). */
    public int run(Invocation inv, List<String> commandWords) {
        words = commandWords;
        return run(inv);
    }

    private int run(Invocation inv) {
        cancel.reset();
        partFailed = false;
        try {
            inv.run(this);
            return partFailed ? ExitCodes.FAILED : ExitCodes.OK;
        } catch (UsageException e) {
            return usage(e);
        } catch (Cancel.Cancelled e) {
            out.error("stopped waiting (Ctrl-C); whatever the agent was asked goes on: status shows where it is");
            return ExitCodes.FAILED;
        } catch (RpcException e) {
            return rpcError(e);
        } catch (ZpmClientException e) {
            return clientError(e);
        } finally {
            out.flush();
        }
    }

    private int usage(UsageException e) {
        jsonError(null, e.getMessage());
        out.error(e.getMessage());
        return ExitCodes.USAGE;
    }

    private int rpcError(RpcException e) {
        ErrorCode code = e.code();
        String what = words.isEmpty() ? "error" : words.get(0);
        String msg = what + ": " + e.getMessage();
        if (code == ErrorCode.UNKNOWN_APP) {
            msg += suggestApp();
        } else if (code == ErrorCode.FORBIDDEN) {
            msg += " (this token is read-only: use the agent's full token to change things)";
        }
        jsonError(e, e.getMessage());
        out.error(msg);
        if (code == ErrorCode.UNAUTHORIZED) {
            return ExitCodes.AUTH;
        }
        return ExitCodes.FAILED;
    }

    private int clientError(ZpmClientException e) {
        ZpmClient.State state = session.client().state();
        boolean retrying = interactive && state == ZpmClient.State.RECONNECTING;
        String msg = retrying ? "not connected to " + session.endpoint()
                + ": reconnecting in the background (the prompt shows when it is back)" : session.describe(e);
        if (e.kind() == ZpmClientException.Kind.DISCONNECTED && state == ZpmClient.State.DISCONNECTED) {
            // The client stopped retrying (e.g. the agent refused the token after `token rotate`):
            // the console's own command, not the client API's connect(), is what to offer.
            msg = notRetrying();
        }
        jsonError(null, msg);
        out.error(msg);
        switch (e.kind()) {
            case TIMEOUT:
            case INTERRUPTED:
                return ExitCodes.FAILED;
            case AUTH_FAILED:
                return ExitCodes.AUTH;
            default:
                return ExitCodes.CONNECTION;
        }
    }

    private String notRetrying() {
        ZpmClientException why = session.client().lastFailure();
        return "not connected to " + session.endpoint() + (why == null ? "" : " (" + session.describe(why) + ")")
                + (interactive ? ": type connect to connect again (the token is read again)" : "");
    }

    /** In --json mode a failed command still prints one line: {"error": {...}}. */
    private void jsonError(RpcException e, String message) {
        if (json) {
            out.println(errorDocument(e, message));
        }
    }

    /** {@code {"error": {"code", "message", "data"}}}: code and data only for an error the agent answered. */
    public static String errorDocument(RpcException e, String message) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ObjectNode err = n.putObject("error");
        if (e != null) {
            err.put("code", e.error().code());
        }
        err.put("message", message);
        if (e != null && e.error().data() != null) {
            err.set("data", e.error().data());
        }
        return JsonTree.write(n);
    }

    /** " (did you mean web?)" for a word of the command close to an app the agent has. */
    private String suggestApp() {
        List<String> apps;
        try {
            apps = appNames != null ? appNames.get() : AppNames.fetch(session.client());
        } catch (RuntimeException e) {
            return "";
        }
        for (String w : words.subList(Math.min(1, words.size()), words.size())) {
            String hint = DidYouMean.hint(w, apps);
            if (!apps.contains(w) && !hint.isEmpty()) {
                return " (" + hint + ")";
            }
        }
        return "";
    }

    // ---------------------------------------------------------------- Context

    @Override
    public ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public JsonNode call(String method, ObjectNode params) {
        JsonNode r = follower.await(session.client().callAsync(method, params));
        // A fleet's answer without some nodes still counts (exit 0): each missing node is said on
        // stderr. A node that refused its part of a change makes the command fail (exit 1).
        FleetRows.unreachable(r).forEach(out::error);
        List<String> refused = PerNode.failures(r);
        refused.forEach(out::error);
        partFailed |= !refused.isEmpty();
        return r;
    }

    @Override
    public JsonNode callWithProgress(String method, ObjectNode params, String app) {
        if (!interactive || json) {
            return call(method, params);
        }
        return follower.withProgress(app, () -> call(method, params));
    }

    @Override
    public void followEvents(List<String> types, String app, Consumer<LifecycleEvent> onEvent) {
        follower.events(types, app, onEvent);
    }

    @Override
    public void followLogs(ObjectNode params, Consumer<JsonNode> onResult, Consumer<JsonNode> onLine) {
        follower.logs(params, onResult, onLine);
    }

    @Override
    public void result(JsonNode result, Supplier<String> human) {
        out.println(json ? JsonTree.write(result) : human.get());
    }

    @Override
    public void print(String text, boolean always) {
        if (!json || always) {
            out.println(text);
        }
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public boolean fleet() {
        if (fleet != null) {
            return fleet.isFleet();
        }
        if (scriptFleet == null) {
            scriptFleet = askFleet();
        }
        return scriptFleet;
    }

    /** One {@code nodes} call for a script; an agent without it, or one that fails to answer, is alone. */
    private boolean askFleet() {
        try {
            return call(FleetCalls.NODES.name(), params()).path("nodes").size() > 1;
        } catch (RpcException | ZpmClientException e) {
            return false;
        }
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public boolean color() {
        return out.color();
    }

    @Override
    public synchronized ZoneId zone() {
        if (zone == null) {
            zone = ZoneId.systemDefault();
        }
        return zone;
    }

    @Override
    public boolean agentIsLocal() {
        return session.endpoint().isLocal();
    }

    @Override
    public Path workingDir() {
        return Path.of("").toAbsolutePath();
    }

    @Override
    public List<Command> commands() {
        return Commands.all();
    }

    @Override
    public void reconnect() {
        ZpmClient client = session.client();
        if (client.state() != ZpmClient.State.DISCONNECTED) {
            print(client.state() == ZpmClient.State.CONNECTED ? "already connected to " + session.endpoint()
                    : "reconnecting to " + session.endpoint() + " in the background already", true);
            return;
        }
        try {
            client.connect();
        } catch (IllegalStateException e) {
            print("connecting to " + session.endpoint() + " already", true);
            return;
        }
        print("connected to " + session.endpoint(), false);
    }

    @Override
    public void quit() {
        quit = true;
    }

    public boolean quitRequested() {
        return quit;
    }
}
