package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import zpm.agent.os.SocketTable;

import java.util.Set;

/**
 * tcp readiness: the worker's own process tree holds a LISTEN socket on the port. A connect would
 * not do: with N workers sharing the port (SO_REUSEPORT) another worker may answer it.
 */
final class TcpCheck implements ReadinessCheck {

    private final Context context;
    private final SocketTableCache tables;
    private final long pid;
    private final int port;

    TcpCheck(Context context, SocketTableCache tables, long pid, int port) {
        this.context = context;
        this.tables = tables;
        this.pid = pid;
        this.port = port;
    }

    @Override
    public Future<CheckResult> attempt() {
        return tables.fresh().compose(snapshot -> {
            Set<Long> listening = snapshot.listenInodes(port);
            if (listening.isEmpty()) {
                return Future.succeededFuture(CheckResult.notYet("nothing listens on port " + port));
            }
            return context.executeBlocking(() -> holdsAny(listening), false)
                    .map(held -> held ? CheckResult.PASSED
                            : CheckResult.notYet("port " + port + " is held only by other processes"));
        });
    }

    private boolean holdsAny(Set<Long> listening) {
        for (long inode : SocketTable.socketInodesBlocking(pid, true)) {
            if (listening.contains(inode)) {
                return true;
            }
        }
        return false;
    }
}
