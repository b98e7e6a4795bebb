package zpm.agent.core;

import java.util.List;
import java.util.Locale;

/**
 * A readiness or liveness check of a worker.
 *
 * @param type             how to check
 * @param port             the port for tcp/http (null: the app's port)
 * @param path             the path for http (default "/")
 * @param command          the argv for exec
 * @param timeoutMs        readiness: how long a worker may take to become ready before the start
 *                         counts as failed; liveness: the timeout of one check
 * @param intervalMs       time between checks
 * @param failureThreshold liveness: consecutive failures before the worker is restarted
 */
public record ProbeSpec(Type type, Integer port, String path, List<String> command,
                        long timeoutMs, long intervalMs, int failureThreshold) {

    public static final long DEFAULT_READY_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_INTERVAL_MS = 100;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    public static final ProbeSpec NONE = new ProbeSpec(Type.NONE, null, null, List.of(),
            DEFAULT_READY_TIMEOUT_MS, DEFAULT_INTERVAL_MS, DEFAULT_FAILURE_THRESHOLD);

    public ProbeSpec {
        command = command == null ? List.of() : List.copyOf(command);
    }

    public enum Type {
        NONE, TCP, HTTP, EXEC, NOTIFY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromWire(String name) {
            for (Type t : values()) {
                if (t.wireName().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }
}
