package zpm.repl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.event.LifecycleEvent;
import zpm.repl.command.Command;
import zpm.repl.command.Commands;
import zpm.repl.command.Context;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A {@link Context} that records the calls and the output, and answers with canned results. */
public final class FakeContext implements Context {

    /** One call as the agent would receive it. */
    public record Call(String method, String params, String progressApp) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<Call> calls = new ArrayList<>();
    public final List<String> printed = new ArrayList<>();
    private final Map<String, JsonNode> results = new HashMap<>();
    private final boolean json;
    private boolean quit;
    private boolean local = true;

    public FakeContext(boolean json) {
        this.json = json;
    }

    /** The result {@code method} answers with (default: {}). */
    public FakeContext answer(String method, String result) {
        try {
            results.put(method, JSON.readTree(result));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public FakeContext remote() {
        local = false;
        return this;
    }

    /** Reads and runs one command line. */
    public FakeContext run(String... words) {
        Commands.parse(List.of(words)).run(this);
        return this;
    }

    public String output() {
        return String.join("\n", printed);
    }

    public boolean quitCalled() {
        return quit;
    }

    @Override
    public ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public JsonNode call(String method, ObjectNode params) {
        calls.add(new Call(method, params.toString(), null));
        return results.getOrDefault(method, params());
    }

    @Override
    public JsonNode callWithProgress(String method, ObjectNode params, String app) {
        calls.add(new Call(method, params.toString(), app == null ? "*" : app));
        return results.getOrDefault(method, params());
    }

    @Override
    public void followEvents(List<String> types, String app, Consumer<LifecycleEvent> onEvent) {
        calls.add(new Call("events.subscribe", "types=" + types + " app=" + app, null));
    }

    @Override
    public void followLogs(ObjectNode params, Consumer<JsonNode> onResult, Consumer<JsonNode> onLine) {
        calls.add(new Call("logs", params.toString(), null));
        onResult.accept(results.getOrDefault("logs", params()));
    }

    @Override
    public void result(JsonNode result, Supplier<String> human) {
        printed.add(json ? result.toString() : human.get());
    }

    @Override
    public void print(String text, boolean always) {
        if (!json || always) {
            printed.add(text);
        }
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public boolean color() {
        return false;
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public boolean agentIsLocal() {
        return local;
    }

    @Override
    public Path workingDir() {
        return Path.of("/work/here");
    }

    @Override
    public List<Command> commands() {
        return Commands.all();
    }

    @Override
    public void reconnect() {
        calls.add(new Call("(connect)", "", null));
    }

    @Override
    public void quit() {
        quit = true;
    }
}
