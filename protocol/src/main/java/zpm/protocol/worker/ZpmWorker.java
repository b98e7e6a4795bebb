package zpm.protocol.worker;

import java.util.Map;
import java.util.OptionalInt;

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

    private final Map<String, String> env;

    ZpmWorker(Map<String, String> env) {
        this.env = env;
    }

    /** This process's view, from {@link System#getenv()}. */
    public static ZpmWorker current() {
        return new ZpmWorker(System.getenv());
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
