package zpm.examples.workers;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import zpm.protocol.worker.ZpmWorker;

/**
 * An HTTP worker that says which worker answered. Run N of them on one port (SO_REUSEPORT)
 * and the kernel spreads connections among them; stop one and the others keep answering.
 *
 * <pre>
 * GET /          200 "hello from worker 3 (slot 1, pid 1234)"
 * GET /health    200 "ok"
 * GET /slow?ms=N 200 after N ms (at most 30000): a request in flight, for graceful-stop tests
 * </pre>
 *
 * Flags: {@code --port N} (else {@code $PORT}, else 8080), {@code --drain-ms N} (how long a
 * graceful stop waits for requests in flight, default 10000).
 */
public final class HelloWorker {

    static final String USAGE = "HelloWorker [--port N] [--drain-ms N]";
    static final int DEFAULT_PORT = 8080;
    static final long DEFAULT_DRAIN_MS = 10_000;
    static final long MAX_SLOW_MS = 30_000;

    private final WorkerIdentity identity;

    HelloWorker(WorkerIdentity identity) {
        this.identity = identity;
    }

    public static void main(String[] argv) throws IOException {
        int port;
        long drainMs;
        try {
            WorkerArgs args = WorkerArgs.parse(argv, Set.of("--port", "--drain-ms"), Set.of());
            port = (int) args.number("--port", ZpmWorker.current().port().orElse(DEFAULT_PORT), 0, 65_535);
            drainMs = args.number("--drain-ms", DEFAULT_DRAIN_MS, 0, Long.MAX_VALUE);
        } catch (WorkerArgs.UsageException e) {
            WorkerArgs.exitWithUsage(e, USAGE);
            return;
        }
        WorkerIdentity identity = WorkerIdentity.current();
        ReusePortHttpServer server = ReusePortHttpServer.startBlocking(port, new HelloWorker(identity)::respond);
        Termination.onSignal(() -> stop(server, Duration.ofMillis(drainMs)));
        System.out.println(identity.startLine(server.port()));
    }

    private static void stop(ReusePortHttpServer server, Duration drain) {
        try {
            boolean clean = server.stopBlocking(drain);
            System.out.println(clean ? "stopped" : "stopped: drain deadline passed, connections cut");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The routes. HEAD is answered as GET (the connection leaves out the body). */
    HttpResponse respond(HttpRequest request) {
        String path = request.path();
        if (!path.equals("/") && !path.equals("/health") && !path.equals("/slow")) {
            return HttpResponse.text(404, "not found: " + path + "\n");
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new HttpResponse(405, "only GET and HEAD\n", Map.of("Allow", "GET, HEAD"));
        }
        return switch (path) {
            case "/" -> HttpResponse.text(200, "hello from worker " + identity.id() + " (slot "
                    + identity.slot() + ", pid " + identity.pid() + ")\n");
            case "/health" -> HttpResponse.text(200, "ok");
            default -> slow(request.query("ms"));
        };
    }

    private static HttpResponse slow(Optional<String> msText) {
        long ms;
        try {
            ms = Math.min(MAX_SLOW_MS, Math.max(0, Long.parseLong(msText.orElse("1000"))));
        } catch (NumberFormatException e) {
            return HttpResponse.text(400, "ms must be a whole number of milliseconds\n");
        }
        // Printed so that a test knows the request is in flight before it sends SIGTERM.
        System.out.println("slow request: " + ms + " ms");
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            // The drain deadline passed and the pool was shut down: the connection is being cut.
            Thread.currentThread().interrupt();
            return HttpResponse.text(503, "stopped before " + ms + " ms\n");
        }
        return HttpResponse.text(200, "slept " + ms + " ms\n");
    }
}
