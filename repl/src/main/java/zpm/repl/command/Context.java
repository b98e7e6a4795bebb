package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.event.LifecycleEvent;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a command may do: call the agent (waits that Ctrl-C cancels), follow a stream until
 * Ctrl-C, and print. Errors of the agent are thrown as {@code RpcException}, connection
 * problems as {@code ZpmClientException}; the console turns both into a message and an exit code.
 */
public interface Context {

    /** A new, empty params object. */
    ObjectNode params();

    /** Calls {@code method} and waits for its result. */
    JsonNode call(String method, ObjectNode params);

    /**
     * Like {@link #call}, and in the console also prints the events of {@code app} (every app when
     * null) while the agent works: progress of a long operation.
     */
    JsonNode callWithProgress(String method, ObjectNode params, String app);

    /** Prints events of these types (all when empty) of {@code app} (all when null) until Ctrl-C. */
    void followEvents(List<String> types, String app, Consumer<LifecycleEvent> onEvent);

    /**
     * Calls {@code logs} with follow: hands its result to {@code onResult}, then every later line
     * ({"workerId", "app", "stream", "ts", "text"}) to {@code onLine} until Ctrl-C.
     */
    void followLogs(ObjectNode params, Consumer<JsonNode> onResult, Consumer<JsonNode> onLine);

    /** Prints a result: the raw JSON in --json mode, else the text {@code human} makes. */
    void result(JsonNode result, Supplier<String> human);

    /** Prints a line of text (help, messages); nothing in --json mode unless {@code always}. */
    void print(String text, boolean always);

    boolean json();

    /**
     * True when the agent is one node of a fleet of more than one (from {@code nodes}): tables
     * then show the NODE column and ids as "b/3" even when every row is from one node, and event
     * lines their node. The console knows it from its prompt; a script asks once, when first needed.
     */
    default boolean fleet() {
        return false;
    }

    /** True in the console, false in scripted mode (-c, piped stdin). */
    boolean interactive();

    boolean color();

    /** The zone to show event times in. */
    ZoneId zone();

    /** True when the agent runs on this machine, so local paths mean the same to it. */
    boolean agentIsLocal();

    /** The console's working directory. */
    Path workingDir();

    /** Every command, in help order. */
    List<Command> commands();

    /**
     * Connects again to the same agent when the connection is down and not being retried (after
     * the agent refused the token on a reconnect: it reads the token again); says so when it is up.
     */
    void reconnect();

    /** Ends the console (or the script) after this command. */
    void quit();
}
