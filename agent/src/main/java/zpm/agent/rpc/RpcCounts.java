package zpm.agent.rpc;

import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * JSON-RPC requests answered since start, by method and outcome, for {@code GET /metrics}. Always
 * on and cheap: one map look-up and an add per request, from any event loop. Both keys come from
 * bounded sets (the catalog's method names, or {@code unknown}; {@code ok} or an error code's
 * name), so a caller cannot grow the map with made-up names.
 */
public final class RpcCounts {

    /** The outcome of an answered request. */
    public static final String OK = "ok";
    /** The method label of a name the catalog does not have. */
    public static final String UNKNOWN = "unknown";

    /** One method and outcome. */
    public record Key(String method, String outcome) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    /** One request of a known method (or {@link #UNKNOWN}); {@code error} null when it succeeded. */
    void count(String method, RpcError error) {
        ErrorCode code = error == null ? null : error.errorCode();
        String outcome = error == null ? OK : code == null ? "error" : code.name().toLowerCase(Locale.ROOT);
        counts.computeIfAbsent(new Key(method, outcome), k -> new LongAdder()).increment();
    }

    /** The counts now, in method then outcome order. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> out = new TreeMap<>((a, b) -> a.method.equals(b.method) ? a.outcome.compareTo(b.outcome)
                : a.method.compareTo(b.method));
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
