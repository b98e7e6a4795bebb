package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import zpm.agent.core.ProbeSpec;

import java.util.HashMap;
import java.util.Map;

/** Builds the check for a readiness spec; config problems become a check that fails fatally. */
final class ReadinessChecks {

    /** VertxProbes never builds a check for notify (the launcher hears the worker): a bug if seen. */
    static final String NOTIFY_ELSEWHERE = "notify is not a polled check";

    private ReadinessChecks() {
    }

    /** Who is checked, and how often. */
    record Target(long workerId, long pid, ProbeSpec spec, Integer appPort, long intervalMs) {
        /** readiness.port, else the app's port; null when neither is set. */
        Integer port() {
            return spec.port() != null ? spec.port() : appPort;
        }
    }

    static ReadinessCheck of(Vertx vertx, Context context, HttpClient http, SocketTableCache tables,
                             Target t) {
        ProbeSpec spec = t.spec();
        return switch (spec.type()) {
            case NONE -> () -> Future.succeededFuture(CheckResult.PASSED);
            case NOTIFY -> fatal(NOTIFY_ELSEWHERE);
            case TCP -> portProblem(t) != null ? fatal(portProblem(t))
                    : new TcpCheck(context, tables, t.pid(), t.port());
            case HTTP -> portProblem(t) != null ? fatal(portProblem(t))
                    : new HttpCheck(http, new TcpCheck(context, tables, t.pid(), t.port()),
                            t.workerId(), t.port(), spec.path(), httpTimeoutMs(t.intervalMs()));
            case EXEC -> spec.command().isEmpty() ? fatal("readiness type exec has no command")
                    : new ExecCheck(vertx, context, spec.command(), execEnv(t),
                            execTimeoutMs(t.intervalMs()));
        };
    }

    /** One GET may take 10 intervals, within [100 ms, 2 s]: loopback answers fast or not at all. */
    static long httpTimeoutMs(long intervalMs) {
        return clamp(intervalMs * 10, 100, 2_000);
    }

    /** A command gets more room (a JVM or a script may start slowly): 10 intervals in [1 s, 10 s]. */
    static long execTimeoutMs(long intervalMs) {
        return clamp(intervalMs * 10, 1_000, 10_000);
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    private static String portProblem(Target t) {
        Integer port = t.port();
        String type = t.spec().type().wireName();
        if (port == null) {
            return "readiness type " + type + " needs a port: set readiness.port or the app's port";
        }
        if (port < 1 || port > 65_535) {
            return "readiness type " + type + " has an invalid port " + port;
        }
        return null;
    }

    private static Map<String, String> execEnv(Target t) {
        Map<String, String> env = new HashMap<>();
        env.put("ZPM_WORKER_PID", Long.toString(t.pid()));
        env.put("ZPM_WORKER_ID", Long.toString(t.workerId()));
        if (t.port() != null) {
            env.put("PORT", Integer.toString(t.port()));
        }
        return env;
    }

    private static ReadinessCheck fatal(String detail) {
        return () -> Future.succeededFuture(CheckResult.fatal(detail));
    }
}
