package zpm.protocol.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What a program started by zpm can learn about itself, from its environment. A program that
 * sees no {@code ZPM_WORKER} is not under zpm (the pattern of Node's {@code cluster.isPrimary}).
 */
public final class ZpmWorker {

    public static final String ENV_WORKER = "ZPM_WORKER";
    public static final String ENV_ID = "ZPM_WORKER_ID";
    public static final String ENV_SLOT = "ZPM_WORKER_SLOT";
    public static final String ENV_APP = "ZPM_APP";
    public static final String ENV_PORT = "PORT";
    public static final String ENV_CONTROL = "ZPM_CONTROL";
    public static final String ENV_NOTIFY_SOCKET = "NOTIFY_SOCKET";

    private static final ZpmWorker CURRENT = new ZpmWorker(System.getenv());

    private final Map<String, String> env;
    private WorkerControl control;

    ZpmWorker(Map<String, String> env) {
        this.env = env;
    }

    /** This process's view, from {@link System#getenv()}. */
    public static ZpmWorker current() {
        return CURRENT;
    }

    /**
     * The control channel to the agent ({@code ZPM_CONTROL}), connected on first use.
     *
     * @throws IOException when this process has no channel (not a worker) or cannot connect
     */
    public synchronized WorkerControl control() throws IOException {
        if (control == null) {
            String path = env.get(ENV_CONTROL);
            if (path == null || path.isEmpty()) {
                throw new IOException("no " + ENV_CONTROL + " in the environment: not started by a zpm agent");
            }
            control = WorkerControl.connect(Path.of(path), id());
        }
        return control;
    }

    /** Tells the agent this worker is ready (apps with readiness {@code notify} go online). */
    public void ready() throws IOException {
        control().ready();
    }

    /** Sends {@code data} to the agent (a {@code message} event). */
    public void send(JsonNode data) throws IOException {
        control().send(data);
    }

    /** Called with the reason when the agent asks this worker to leave; SIGTERM follows. */
    public void onDisconnect(Consumer<String> handler) throws IOException {
        control().onDisconnect(handler);
    }

    /** Called with each message sent to this worker (JSON-RPC {@code send}, the console). */
    public void onMessage(Consumer<JsonNode> handler) throws IOException {
        control().onMessage(handler);
    }

    /** A view of a given environment (for tests and tools). */
    public static ZpmWorker of(Map<String, String> env) {
        return new ZpmWorker(Map.copyOf(env));
    }

    /** True when this process was started by a zpm agent as a worker. */
    public boolean isWorker() {
        return "1".equals(env.get(ENV_WORKER));
    }

    /** The worker id (unique per fork in the agent's life), or -1 when not a worker. */
    public long id() {
        return parseLong(env.get(ENV_ID), -1);
    }

    /** The slot, 0..size-1, kept across restarts; -1 when not a worker. */
    public int slot() {
        return (int) parseLong(env.get(ENV_SLOT), -1);
    }

    /** The app name, or null when not a worker. */
    public String app() {
        return env.get(ENV_APP);
    }

    /** The port the app shares, when it has one. */
    public OptionalInt port() {
        long p = parseLong(env.get(ENV_PORT), -1);
        return p < 0 ? OptionalInt.empty() : OptionalInt.of((int) p);
    }

    private static long parseLong(String s, long dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
