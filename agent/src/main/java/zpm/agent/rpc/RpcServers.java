package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.api.SupervisorApi;
import zpm.agent.config.AgentSettings;
import zpm.agent.config.HostPort;
import zpm.protocol.jsonrpc.JsonRpcCodec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's JSON-RPC front: loads the tokens, then deploys the TCP server and the HTTP server
 * (POST /rpc, WebSocket /rpc, SSE /events). One entry point for Main and for tests (port 0 binds
 * a free port; {@link #tcpPort()} and {@link #httpPort()} tell which).
 */
public final class RpcServers {

    private static final Logger log = LoggerFactory.getLogger(RpcServers.class);
    /**
     * {@code logs} reads files on a pool of its own, so that many callers grepping long histories
     * wait for each other rather than take the worker pool the supervisor needs.
     */
    private static final String LOG_READERS = "zpm-log-readers";
    private static final int LOG_READER_THREADS = 2;

    private final Vertx vertx;
    private final TokenStore tokens;
    private final PushStats stats;
    private final EventHistory history;
    private final boolean ownsHistory;
    private final TcpRpcServer tcp;
    private final HttpRpcServer http;
    private final String tcpId;
    private final String httpId;
    private final WorkerExecutor logReaders;
    private Future<Void> closing;

    private RpcServers(Vertx vertx, TokenStore tokens, PushStats stats, EventHistory history, boolean ownsHistory,
                       TcpRpcServer tcp, String tcpId, HttpRpcServer http, String httpId, WorkerExecutor logReaders) {
        this.logReaders = logReaders;
        this.vertx = vertx;
        this.tokens = tokens;
        this.stats = stats;
        this.history = history;
        this.ownsHistory = ownsHistory;
        this.tcp = tcp;
        this.tcpId = tcpId;
        this.http = http;
        this.httpId = httpId;
    }

    public static Future<RpcServers> start(Vertx vertx, SupervisorApi agent, AgentSettings settings, RpcMethods methods) {
        return start(vertx, agent, settings, methods, RpcOptions.DEFAULTS);
    }

    public static Future<RpcServers> start(Vertx vertx, SupervisorApi agent, AgentSettings settings, RpcMethods methods,
                                           RpcOptions options) {
        try {
            checkExposure(settings, settings.tokenFile() != null);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        Future<EventHistory> history = options.history() != null ? Future.succeededFuture(options.history())
                : EventHistory.attach(vertx, options.limits().historySize());
        return vertx.<Void>executeBlocking(() -> {
            requireTokenFileBeyondLoopbackBlocking(settings);
            return null;
        }).compose(v -> TokenStore.load(vertx, settings))
                .compose(tokens -> history.compose(h -> deploy(vertx, agent, settings, methods, options, tokens, h)));
    }

    private static Future<RpcServers> deploy(Vertx vertx, SupervisorApi agent, AgentSettings settings, RpcMethods methods,
                                             RpcOptions options, TokenStore tokens, EventHistory history) {
        RpcLimits limits = options.limits();
        PushStats stats = new PushStats();
        AuthThrottle throttle = new AuthThrottle(limits, System::currentTimeMillis);
        EventMethods events = new EventMethods(vertx, limits, stats);
        WorkerExecutor logReaders = vertx.createSharedWorkerExecutor(LOG_READERS, LOG_READER_THREADS);
        LogsMethod logs = new LogsMethod(agent, limits, stats, agent.logDir(), logReaders);
        RpcDispatcher dispatcher = new RpcDispatcher(new JsonRpcCodec(), methods, new ConnectionHandlers(
                new AuthMethod(vertx, tokens, throttle, limits), events, logs,
                new RotateTokensMethod(vertx, tokens)), limits);
        TcpRpcServer tcp = new TcpRpcServer(settings.rpc(), dispatcher, limits, options.tls());
        HttpRpcServer http = new HttpRpcServer(settings.http(), dispatcher, new BearerAuth(vertx, tokens, throttle),
                events, history, limits, options.tls(), options.metrics());
        boolean ownsHistory = options.history() == null;
        return vertx.deployVerticle(tcp).compose(tcpId -> vertx.deployVerticle(http)
                .map(httpId -> new RpcServers(vertx, tokens, stats, history, ownsHistory, tcp, tcpId, http, httpId,
                        logReaders))
                .recover(e -> vertx.undeploy(tcpId).transform(v -> Future.failedFuture(e))))
                .recover(e -> logReaders.close().transform(v -> Future.<RpcServers>failedFuture(e)))
                .recover(e -> ownsHistory ? history.close().transform(v -> Future.failedFuture(e)) : Future.failedFuture(e));
    }

    /**
     * Refuses an address beyond loopback unless the token file was given explicitly (with
     * {@code --token-file}): a token made up by this agent cannot be on the clients yet, and an
     * exposed agent must be a deliberate choice.
     *
     * @throws IllegalStateException naming the address and what to do
     */
    public static void checkExposure(AgentSettings settings, boolean tokenGivenExplicitly) {
        if (tokenGivenExplicitly) {
            return;
        }
        check(settings.rpc(), "--rpc");
        check(settings.http(), "--http");
    }

    private static void check(HostPort address, String flag) {
        if (!address.isLoopback()) {
            throw new IllegalStateException("refusing to listen on " + address + " (" + flag + ") beyond loopback"
                    + " without an explicit token: start with --token-file FILE (give its token to the clients),"
                    + " or listen on 127.0.0.1");
        }
    }

    /**
     * Beyond loopback, the token file must exist before the agent starts: a token this agent
     * made up now is on no client yet, and a missing file is more likely a typo than a wish
     * (it used to be created, with a warning only). Reads the file system: call it off the event
     * loop.
     *
     * @throws IllegalStateException naming the address, the file and what to do
     */
    public static void requireTokenFileBeyondLoopbackBlocking(AgentSettings settings) {
        HostPort exposed = !settings.rpc().isLoopback() ? settings.rpc() : !settings.http().isLoopback()
                ? settings.http() : null;
        Path file = settings.tokenPath();
        if (exposed != null && !Files.isRegularFile(file)) {
            throw new IllegalStateException("refusing to listen on " + exposed + " beyond loopback: the token file "
                    + file + " does not exist; create it with a token first (e.g. head -c 32 /dev/urandom | od -An"
                    + " -tx1 | tr -d ' \\n' > " + file + "; chmod 600 " + file + ") and give that token to the"
                    + " clients, or listen on 127.0.0.1");
        }
    }

    public int tcpPort() {
        return tcp.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public Path tokenFile() {
        return tokens.tokenFile();
    }

    public Path readOnlyTokenFile() {
        return tokens.readOnlyTokenFile();
    }

    /** Notifications dropped because subscribers read too slowly, since start (for agent.info). */
    public long droppedEvents() {
        return stats.droppedNotifications();
    }

    /** The deepest any subscription queue has been (never above the queue bound + 1). */
    public int peakQueued() {
        return stats.peakQueued();
    }

    /** JSON-RPC requests answered since start, by method and outcome (every transport). */
    public RpcCounts rpcCounts() {
        return http.rpcCounts();
    }

    public EventHistory history() {
        return history;
    }

    /** Stops both servers (closing their connections). Idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(httpId)
                    .transform(v -> vertx.undeploy(tcpId))
                    .transform(v -> ownsHistory ? history.close() : Future.<Void>succeededFuture())
                    .transform(v -> logReaders.close())
                    .onComplete(v -> log.info("rpc servers closed"));
        }
        return closing;
    }
}
