package zpm.agent.rpc;

/**
 * How {@link RpcServers} runs, beyond {@code AgentSettings}.
 *
 * @param limits  the bounds ({@link RpcLimits#DEFAULTS})
 * @param tls     certificate and key for TLS on both servers, or null
 * @param history the event history, attached before the agent started so it holds its first
 *                events; or null to attach one at server start
 * @param metrics what {@code GET /metrics} serves, or null for no such route (404)
 */
public record RpcOptions(RpcLimits limits, TlsFiles tls, EventHistory history, MetricsScrape metrics) {

    public static final RpcOptions DEFAULTS = new RpcOptions(RpcLimits.DEFAULTS, null, null, null);

    public RpcOptions {
        limits = limits == null ? RpcLimits.DEFAULTS : limits;
    }

    /** Without {@code GET /metrics}. */
    public RpcOptions(RpcLimits limits, TlsFiles tls, EventHistory history) {
        this(limits, tls, history, null);
    }

    public RpcOptions withTls(TlsFiles value) {
        return new RpcOptions(limits, value, history, metrics);
    }

    public RpcOptions withHistory(EventHistory value) {
        return new RpcOptions(limits, tls, value, metrics);
    }

    public RpcOptions withMetrics(MetricsScrape value) {
        return new RpcOptions(limits, tls, history, value);
    }
}
