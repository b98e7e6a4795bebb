package zpm.agent.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down addresses that guess tokens. Failed {@code auth} calls (and bad HTTP bearer tokens)
 * are counted per remote host; from {@link RpcLimits#maxFailedAuths()} failures on, each auth
 * answer to that host waits {@code initial * 2^(failures - max)}, capped. A host quiet for
 * {@link RpcLimits#throttleForget()} is forgotten, a success forgets it at once, and the table
 * keeps at most {@link RpcLimits#throttleTable()} hosts (the least recently seen go first).
 * Shared by both servers' contexts, hence synchronized.
 */
final class AuthThrottle {

    private static final class Failures {
        int failures;
        long lastFailureMs;
    }

    private final long initialMs;
    private final long maxMs;
    private final long forgetMs;
    private final int threshold;
    private final LongSupplier clockMs;
    private final LinkedHashMap<String, Failures> table;

    AuthThrottle(RpcLimits limits, LongSupplier clockMs) {
        this.initialMs = limits.throttleInitial().toMillis();
        this.maxMs = limits.throttleMax().toMillis();
        this.forgetMs = limits.throttleForget().toMillis();
        this.threshold = limits.maxFailedAuths();
        this.clockMs = clockMs;
        int capacity = limits.throttleTable();
        this.table = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How long to wait before answering an auth from this host; 0 for a host in good standing. */
    synchronized long delayMs(String host) {
        Failures e = live(host);
        if (e == null || e.failures < threshold) {
            return 0;
        }
        int doublings = Math.min(e.failures - threshold, 30);
        return Math.min(maxMs, initialMs << doublings);
    }

    synchronized void failed(String host) {
        Failures e = live(host);
        if (e == null) {
            e = new Failures();
            table.put(host, e);
        }
        e.failures++;
        e.lastFailureMs = clockMs.getAsLong();
    }

    synchronized void succeeded(String host) {
        table.remove(host);
    }

    synchronized int size() {
        return table.size();
    }

    private Failures live(String host) {
        Failures e = table.get(host);
        if (e != null && clockMs.getAsLong() - e.lastFailureMs > forgetMs) {
            table.remove(host);
            return null;
        }
        return e;
    }
}
