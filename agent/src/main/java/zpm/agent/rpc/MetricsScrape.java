package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * What {@code GET /metrics} answers once the bearer token is checked (full or read-only). The
 * one hook from the HTTP server to {@code zpm.agent.metrics}, which depends on rpc and not the
 * other way round; the agent's start-up passes it in {@link RpcOptions}.
 */
public interface MetricsScrape {

    /** A rendered page and its content type (with version, as scrapers expect). */
    record Page(String contentType, Buffer body) {
    }

    /**
     * Renders every metric now. Never blocks the caller's event loop; the future completes on
     * any thread.
     *
     * @param accept the scraper's {@code Accept} header, or null: OpenMetrics when it asks for it,
     *               else the Prometheus text format
     */
    Future<Page> scrape(String accept);
}
