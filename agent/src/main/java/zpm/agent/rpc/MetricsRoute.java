package zpm.agent.rpc;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.jsonrpc.ErrorCode;

import java.util.function.BiPredicate;

/**
 * {@code GET /metrics}: the bearer token (full or read-only, throttled like every HTTP call), then
 * the page {@link MetricsScrape} renders off the event loop, written back on the request's own.
 */
final class MetricsRoute implements Handler<RoutingContext> {

    private static final Logger log = LoggerFactory.getLogger(MetricsRoute.class);

    private final Vertx vertx;
    private final BearerAuth bearer;
    private final RpcDispatcher dispatcher;
    private final MetricsScrape metrics;
    private final BiPredicate<HttpServerRequest, HttpServerResponse> admitted;

    /** @param admitted false (and 503 sent) when the connection cannot join the authenticated ones */
    MetricsRoute(Vertx vertx, BearerAuth bearer, RpcDispatcher dispatcher, MetricsScrape metrics,
                 BiPredicate<HttpServerRequest, HttpServerResponse> admitted) {
        this.vertx = vertx;
        this.bearer = bearer;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.admitted = admitted;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        bearer.check(req, false).onSuccess(access -> {
            if (!access.granted()) {
                BearerAuth.unauthorized(ctx.response(), dispatcher, false);
                return;
            }
            if (!admitted.test(req, ctx.response())) {
                return;
            }
            Context here = vertx.getOrCreateContext();
            metrics.scrape(req.getHeader(HttpHeaders.ACCEPT)).onComplete(page -> here.runOnContext(v -> {
                HttpServerResponse response = ctx.response();
                if (response.closed()) {
                    return;
                }
                if (page.failed()) {
                    log.warn("metrics scrape failed", page.cause());
                    HttpRpcServer.json(response.setStatusCode(500), dispatcher.errorText(ErrorCode.INTERNAL_ERROR,
                            "the metrics could not be rendered: see the agent's log"));
                    return;
                }
                response.putHeader(HttpHeaders.CONTENT_TYPE, page.result().contentType())
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(page.result().body());
            }));
        });
    }
}
