package zpm.agent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * The agent's end of the workers' control channels ({@code ZPM_CONTROL}): one unix stream socket,
 * {@code <stateDir>/control.sock}, one connection per worker, NDJSON both ways (the protocol is in
 * {@code zpm.protocol.worker.WorkerControl} and docs/workers.md). A worker names itself with a
 * hello; then its {@code ready} and {@code message} lines become facts for the core, the agent's
 * {@code disconnect} events go out to it, and {@link #send} delivers data. The state directory is
 * private (0700), like the token beside it.
 */
final class ControlServer {

    static final int MAX_LINE_BYTES = 64 * 1024;
    /** sockaddr_un holds 108 bytes with the NUL. */
    static final int MAX_PATH_BYTES = 107;

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final SupervisorVerticle core;
    private final Path path;
    private final Map<Long, NetSocket> channels = new ConcurrentHashMap<>();
    private NetServer server;

    private ControlServer(SupervisorVerticle core, Path path) {
        this.core = core;
        this.path = path;
    }

    /** Listens at {@code path}; completes with null (and a warning) when it cannot. */
    static Future<ControlServer> start(Vertx vertx, SupervisorVerticle core, Path path) {
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            log.warn("no control channel: {} is longer than a unix socket path may be", path);
            return Future.succeededFuture(null);
        }
        ControlServer c = new ControlServer(core, path);
        return vertx.executeBlocking(() -> Files.deleteIfExists(path)) // left by an agent that was killed
                .compose(v -> {
                    c.server = vertx.createNetServer().connectHandler(c::accepted);
                    return c.server.listen(SocketAddress.domainSocketAddress(path.toString()));
                })
                .map(s -> {
                    core.events().addListener(e -> {
                        if (e instanceof LifecycleEvent.Disconnect d && d.worker() != null) {
                            ObjectNode m = JsonNodeFactory.instance.objectNode();
                            m.put("disconnect", String.valueOf(d.reason()));
                            c.write(d.worker().id(), m);
                        }
                    });
                    log.info("control channel listening path={}", path);
                    return c;
                })
                .recover(e -> {
                    log.warn("no control channel at {}: {}", path, e.toString());
                    return Future.succeededFuture(null);
                });
    }

    Path path() {
        return path;
    }

    /** Sends {@code data} to each of {@code ids} that has a channel; returns those reached. */
    List<Long> send(Collection<Long> ids, JsonNode data) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.set("message", data);
        List<Long> reached = new ArrayList<>();
        for (long id : ids) {
            if (write(id, m)) {
                reached.add(id);
            }
        }
        return reached;
    }

    Future<Void> close() {
        channels.values().forEach(NetSocket::close);
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.andThen(ar -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", path, e.toString());
            }
        });
    }

    private boolean write(long id, JsonNode m) {
        NetSocket s = channels.get(id);
        if (s == null) {
            return false;
        }
        s.write(JsonTree.write(m) + "\n");
        return true;
    }

    private void accepted(NetSocket socket) {
        long[] id = {-1};
        RecordParser lines = RecordParser.newDelimited("\n", socket).maxRecordSize(MAX_LINE_BYTES);
        lines.exceptionHandler(e -> {
            log.warn("control channel of worker {} closed: {}", id[0], e.toString());
            socket.close();
        });
        lines.handler(line -> {
            JsonNode m = parse(line);
            long worker = id[0];
            if (m == null) {
                refuse(socket, "each line must be one JSON object");
            } else if (worker < 0) {
                hello(socket, lines, m, id);
            } else if (m.path("ready").asBoolean(false)) {
                core.tell(sup -> sup.controlReady(worker));
            } else if (m.has("message")) {
                JsonNode data = m.get("message");
                core.tell(sup -> sup.workerMessage(worker, data));
            }
        });
        socket.closeHandler(v -> {
            long worker = id[0];
            if (worker >= 0 && channels.remove(worker, socket)) {
                core.tell(sup -> sup.controlClosed(worker));
            }
        });
    }

    /** The first line names the worker; lines after it wait until the agent has checked it. */
    private void hello(NetSocket socket, RecordParser lines, JsonNode m, long[] id) {
        long claimed = m.path("hello").path("id").asLong(-1);
        if (claimed < 0) {
            refuse(socket, "the first line must be {\"hello\": {\"id\": ZPM_WORKER_ID}}");
            return;
        }
        lines.pause();
        core.call(sup -> sup.isRunning(claimed)).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                refuse(socket, "no running worker " + claimed);
            } else if (channels.putIfAbsent(claimed, socket) != null) {
                refuse(socket, "worker " + claimed + " already has a control channel");
            } else {
                id[0] = claimed;
                lines.resume();
            }
        });
    }

    private static JsonNode parse(Buffer line) {
        try {
            JsonNode n = JsonTree.read(line.toString(StandardCharsets.UTF_8));
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void refuse(NetSocket socket, String why) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("error", why);
        socket.end(Buffer.buffer(JsonTree.write(m) + "\n"));
    }
}
