package zpm.agent.probe;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;

/**
 * http readiness: {@code GET http://127.0.0.1:PORT/PATH} answers 2xx, once the worker's own tree
 * listens on the port (the tcp condition).
 *
 * <p>Why the tcp gate: without it, during a rolling restart of a size-1 app the old worker answers
 * the GET and the new one would be declared online before it even listens. The gate cannot pick
 * which socket the kernel hands the connection to (SO_REUSEPORT hashes it over all listeners), so
 * with several workers the 2xx may still come from a sibling: http readiness means "this worker
 * listens and the service answers", not "this worker answered". When /proc is unusable the gate is
 * skipped (logged once) rather than never passing.
 */
final class HttpCheck implements ReadinessCheck {

    private static final Logger log = LoggerFactory.getLogger(HttpCheck.class);

    private final HttpClient client;
    private final ReadinessCheck gate;
    private final long workerId;
    private final int port;
    private final String path;
    private final long timeoutMs;
    private boolean gateBroken;

    HttpCheck(HttpClient client, ReadinessCheck gate, long workerId, int port, String path,
              long timeoutMs) {
        this.client = client;
        this.gate = gate;
        this.workerId = workerId;
        this.port = port;
        this.path = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Future<CheckResult> attempt() {
        if (gateBroken) {
            return get();
        }
        return gate.attempt().compose(
                listening -> listening.passed() ? get() : Future.succeededFuture(listening),
                procUnusable -> {
                    gateBroken = true;
                    log.warn("worker={} port={} http readiness without the tcp gate: /proc unusable error=\"{}\"",
                            workerId, port, procUnusable.toString());
                    return get();
                });
    }

    private Future<CheckResult> get() {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(path)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs);
        return client.request(options)
                .compose(request -> request.send())
                // read the body so the connection is released, whatever the status
                .compose(response -> response.body().map(body -> verdict(response)))
                .recover(error -> Future.succeededFuture(failure(error)));
    }

    private CheckResult verdict(HttpClientResponse response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return CheckResult.PASSED;
        }
        return CheckResult.unusual("GET " + path + " on port " + port + " answered " + status);
    }

    private CheckResult failure(Throwable error) {
        String detail = "GET " + path + " on port " + port + " failed: " + error.getMessage();
        // refused: the usual answer of a worker still starting (or of a port nobody holds yet)
        return error instanceof ConnectException ? CheckResult.notYet(detail) : CheckResult.unusual(detail);
    }
}
