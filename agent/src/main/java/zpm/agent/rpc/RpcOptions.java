package zpm.agent.rpc;

/**
 * How {@link RpcServers} runs, beyond {@code AgentSettings}.
 *
 * @param limits  the bounds ({@link RpcLimits#DEFAULTS})
 * @param tls     certificate and key for TLS on both servers, or null
 * @param history the event history, attached before the agent started so it holds its first
 *                events; or null to attach one at server start
 */
public record RpcOptions(RpcLimits limits, TlsFiles tls, EventHistory history) {

    public static final RpcOptions DEFAULTS = new RpcOptions(RpcLimits.DEFAULTS, null, null);

    public RpcOptions {
        limits = limits == null ? RpcLimits.DEFAULTS : limits;
    }

    public RpcOptions withTls(TlsFiles value) {
        return new RpcOptions(limits, value, history);
    }

    public RpcOptions withHistory(EventHistory value) {
        return new RpcOptions(limits, tls, value);
    }
}
