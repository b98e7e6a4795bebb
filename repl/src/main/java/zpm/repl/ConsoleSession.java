package zpm.repl;

import zpm.protocol.client.ZpmClient;
import zpm.protocol.client.ZpmClientBuilder;
import zpm.protocol.client.ZpmClientException;
import zpm.protocol.jsonrpc.RpcException;

import java.nio.file.Path;
import java.time.Duration;

/** A connected, authenticated client, and what to tell the operator when there is none. */
public final class ConsoleSession implements AutoCloseable {

    /** Could not connect or authenticate: one line for the operator, and the exit code. */
    public static final class Failure extends RuntimeException {
        private final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final ZpmClient client;
    private final Endpoint endpoint;
    private final boolean tls;

    private ConsoleSession(ZpmClient client, Endpoint endpoint, boolean tls) {
        this.client = client;
        this.endpoint = endpoint;
        this.tls = tls;
    }

    /**
     * Connects and authenticates.
     *
     * @param stateDir  where a local agent's token would be (for messages)
     * @param reconnect reconnect in the background after a drop (the console), or not (scripts)
     * @throws Failure with exit code 3 (connection) or 4 (token)
     */
    public static ConsoleSession open(Options o, TokenSource token, Path stateDir, boolean reconnect) {
        Endpoint ep = o.endpoint();
        ZpmClientBuilder b = ZpmClient.builder().host(ep.host()).port(ep.port()).token(token.live())
                .callTimeout(Duration.ofSeconds(o.timeoutSeconds())).reconnect(reconnect);
        if (o.tls) {
            b.tls(Tls.context(o.cacert));
        }
        ZpmClient client = b.build();
        try {
            client.connect();
        } catch (ZpmClientException e) {
            client.close();
            throw failure(e, o, token, stateDir);
        } catch (RpcException e) {
            client.close();
            throw new Failure(ExitCodes.CONNECTION, "the agent at " + ep + " refused the connection: " + e.getMessage());
        }
        if (token.token() == null) {
            // Connected first, so that "nothing is listening" wins over "no token".
            client.close();
            throw new Failure(ExitCodes.AUTH, "no token for the agent at " + ep + ": " + whatToTry(ep, stateDir));
        }
        return new ConsoleSession(client, ep, o.tls);
    }

    static Failure failure(ZpmClientException e, Options o, TokenSource token, Path stateDir) {
        Endpoint ep = o.endpoint();
        switch (e.kind()) {
            case AUTH_FAILED:
                return new Failure(ExitCodes.AUTH, "the agent at " + ep + " refused the token from " + token.from()
                        + ": " + whatToTry(ep, stateDir));
            case TLS_MISMATCH:
                return new Failure(ExitCodes.CONNECTION, tlsHint(e.getMessage(), o.tls, true));
            default:
                String dir = o.stateDir == null ? null : DirectoryProblem.of(stateDir);
                return new Failure(ExitCodes.CONNECTION, tlsHint(e.getMessage(), o.tls, false)
                        + (dir == null ? "" : " (and --state-dir " + dir + ")"));
        }
    }

    /** Where the right token is, and the ways to give it. */
    static String whatToTry(Endpoint ep, Path stateDir) {
        String give = "--token-file FILE, --token TOKEN or ZPM_TOKEN";
        String dir = DirectoryProblem.of(stateDir);
        if (ep.isLocal() && dir != null) {
            return "the state directory " + dir + " (mistyped? the agent's token would be in it): pass the agent's"
                    + " --state-dir, or " + give;
        }
        if (ep.isLocal()) {
            return "the agent's token is in " + stateDir.resolve("token") + " unless it was started with another"
                    + " --state-dir or --token-file (then pass --state-dir DIR, or " + give + ")";
        }
        return "copy the token from the agent's host (<state dir>/token, default ~/.local/state/zpm/token;"
                + " token.readonly beside it can only look) and pass " + give;
    }

    /** A message for a connection that dropped in the middle, with the flag hint for TLS. */
    public String describe(ZpmClientException e) {
        return tlsHint(e.getMessage(), tls, e.kind() == ZpmClientException.Kind.TLS_MISMATCH);
    }

    /** The client says "connect with(out) TLS": here that is a flag, so name it. */
    static String tlsHint(String message, boolean tls, boolean mismatch) {
        String named = message.replace("connect without TLS", "connect without --tls")
                .replace("connect with TLS", "connect with --tls");
        if (!named.equals(message) || !mismatch) {
            return named;
        }
        return message + (tls ? " (try without --tls)" : " (try --tls)");
    }

    public ZpmClient client() {
        return client;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        client.close();
    }
}
