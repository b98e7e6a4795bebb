package zpm.examples.workers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import zpm.protocol.worker.ZpmWorker;

/**
 * The HTTP worker of {@link HelloWorker} on Vert.x: every worker binds {@code $PORT} with
 * SO_REUSEPORT, which Vert.x only honours on the native epoll transport (docs/platform-notes.md), so this
 * worker asks for it and refuses to start without it rather than fail on the second bind.
 * On SIGTERM: responses say {@code Connection: close}, and {@code HttpServer.shutdown} stops
 * accepting and waits (at most the drain time) for the requests in flight.
 *
 * <pre>
 * GET /        200 "hello from vert.x worker 3 (slot 1, pid 1234)"
 * GET /health  200 "ok"
 * </pre>
 *
 * Run under the agent: {@code command: [java, -cp, "target/zpm-examples.jar:target/lib/*",
 * zpm.examples.workers.VertxHelloWorker]} with {@code port: 8080} and readiness {@code tcp}.
 */
public final class VertxHelloWorker {

    static final long DRAIN_MS = 10_000;

    private VertxHelloWorker() {
    }

    public static void main(String[] args) {
        WorkerIdentity me = WorkerIdentity.current();
        int port = ZpmWorker.current().port().orElse(HelloWorker.DEFAULT_PORT);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
        if (!vertx.isNativeTransportEnabled()) {
            System.err.println("the native epoll transport is unavailable (" + vertx.unavailableNativeTransportCause()
                    + "): without it Vert.x ignores SO_REUSEPORT and workers cannot share the port");
            System.exit(1);
        }
        AtomicBoolean stopping = new AtomicBoolean();
        String greeting = "hello from vert.x worker " + me.id() + " (slot " + me.slot() + ", pid " + me.pid() + ")\n";
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setReusePort(true))
                .requestHandler(req -> {
                    if (stopping.get()) {
                        req.response().putHeader("Connection", "close");
                    }
                    req.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                            .end("/health".equals(req.path()) ? "ok" : greeting);
                });
        server.listen()
                .onSuccess(s -> System.out.println(me.startLine(s.actualPort())))
                .onFailure(e -> {
                    System.err.println("cannot listen on port " + port + ": " + e.getMessage());
                    System.exit(1);
                });
        Termination.onSignal(() -> {
            stopping.set(true);
            try {
                server.shutdown(Duration.ofMillis(DRAIN_MS))
                        .toCompletionStage().toCompletableFuture().get(DRAIN_MS + 5_000, TimeUnit.MILLISECONDS);
                System.out.println("server shut down");
                vertx.close().toCompletionStage().toCompletableFuture().get(5_000, TimeUnit.MILLISECONDS);
                System.out.println("stopped");
            } catch (Exception e) {
                System.out.println("stopped: " + e);
            }
        });
    }
}
