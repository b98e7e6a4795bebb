package zpm.agent.dashboard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard's static files: {@code GET /} is {@code index.html}, {@code GET /dashboard/NAME}
 * one of the files listed in {@link #TYPES}, from {@code zpm/dashboard/} in the agent's jar. They
 * hold no data (the page asks for the token and speaks JSON-RPC over the WebSocket at
 * {@code /rpc}), so they need no token. This class loads with the first request, and the files are
 * read then, once, off the event loop: an agent nobody opens the page of pays nothing for it.
 */
public final class DashboardFiles {

    private static final Logger log = LoggerFactory.getLogger(DashboardFiles.class);
    private static final String DIR = "/zpm/dashboard/";
    private static final String PREFIX = "/dashboard/";
    private static final String JS = "text/javascript; charset=utf-8";
    /** The only files served (an allow-list: no path is ever joined from the request). */
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", JS,
            "rpc.js", JS,
            "view.js", JS,
            "actions.js", JS,
            "charts.js", JS,
            "format.js", JS,
            "favicon.svg", "image/svg+xml");
    /** What a Host header may hold to be named in connect-src; anything else gets 'self' alone. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private static Future<Map<String, Buffer>> files;

    private DashboardFiles() {
    }

    /** Answers {@code GET /} and {@code GET /dashboard/*}. */
    public static void serve(RoutingContext ctx) {
        String path = ctx.request().path();
        String name = "/".equals(path) ? "index.html"
                : path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        HttpServerResponse response = ctx.response();
        SecurityHeaders.put(response, connectSource(ctx.request().authority()));
        String type = TYPES.get(name);
        if (type == null) {
            response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("no such dashboard file: the dashboard is at /\n");
            return;
        }
        loaded(ctx.vertx()).onSuccess(all -> {
            if (!response.closed()) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, type).end(all.get(name));
            }
        }).onFailure(e -> {
            log.error("dashboard files unreadable", e);
            if (!response.closed()) {
                response.setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .end("the dashboard's files could not be read from the agent's jar: see the agent's log\n");
            }
        });
    }

    /**
     * The WebSocket addresses of the page's own host for connect-src (CSP level 3 lets 'self'
     * cover them, older browsers do not); only a plain host[:port] is echoed into the header.
     */
    static String connectSource(HostAndPort authority) {
        if (authority == null || !HOST.matcher(authority.host()).matches()) {
            return "'self'";
        }
        String hostPort = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
        return "'self' ws://" + hostPort + " wss://" + hostPort;
    }

    /** The files, read once by the first request on a worker thread (a jar read may block). */
    private static synchronized Future<Map<String, Buffer>> loaded(Vertx vertx) {
        if (files == null) {
            files = vertx.executeBlocking(DashboardFiles::readAllBlocking);
            files.onFailure(e -> forget());
        }
        return files;
    }

    /** A failed read is tried again by the next request rather than kept. */
    private static synchronized void forget() {
        files = null;
    }

    private static Map<String, Buffer> readAllBlocking() throws IOException {
        Map<String, Buffer> out = new HashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = DashboardFiles.class.getResourceAsStream(DIR + name)) {
                if (in == null) {
                    throw new IOException("missing resource " + DIR + name);
                }
                out.put(name, Buffer.buffer(in.readAllBytes()));
            }
        }
        return Map.copyOf(out);
    }
}
