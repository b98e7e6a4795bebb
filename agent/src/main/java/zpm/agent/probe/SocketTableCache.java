package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import zpm.agent.os.SocketTable;

import java.util.concurrent.TimeUnit;

/**
 * One read of /proc/net/tcp{,6} shared by every tcp check of a tick. A read costs ~5 ms
 * (docs/platform-notes.md), so N workers starting together (a rolling restart) must not cost N
 * reads per interval: callers get the read in flight, or the last one while it is younger than
 * {@code maxAgeMs}.
 *
 * <p>Not thread-safe: used only on the probes' context, and the reads complete on it.
 */
final class SocketTableCache {

    private final Context context;
    private final long maxAgeNanos;
    private Future<SocketTable.Snapshot> inFlight;
    private SocketTable.Snapshot last;
    private long lastStartedNanos;

    SocketTableCache(Context context, long maxAgeMs) {
        this.context = context;
        this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMs);
    }

    Future<SocketTable.Snapshot> fresh() {
        if (inFlight != null) {
            return inFlight;
        }
        long now = System.nanoTime();
        if (last != null && now - lastStartedNanos <= maxAgeNanos) {
            return Future.succeededFuture(last);
        }
        // unordered: our reads must not queue behind other blocking work of the supervisor context
        Future<SocketTable.Snapshot> read = context.executeBlocking(SocketTable::readBlocking, false);
        inFlight = read;
        read.onComplete(ar -> {
            inFlight = null;
            if (ar.succeeded()) {
                last = ar.result();
                lastStartedNanos = now; // age counts from the start of the read: conservative
            }
        });
        return read;
    }
}
