package zpm.agent.rpc;

import io.vertx.core.Context;
import io.vertx.core.Future;
import zpm.agent.vertx.ContextHop;
import zpm.protocol.jsonrpc.Notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One client connection (a TCP socket, a WebSocket, an SSE stream, or one HTTP POST): who it is,
 * what its token allows, and its subscriptions, whose queues it drains into the transport only
 * as fast as the peer reads. Everything runs on the connection's context.
 */
public final class Session {

    private final String remoteHost;
    private final String remote;
    private final ContextHop hop;
    private final Outbound out;
    private final int maxInFlight;
    private final Map<String, PushQueue> subscriptions = new LinkedHashMap<>();
    private Access access;
    private Runnable onAuthenticated = () -> { };
    private BooleanSupplier admission = () -> true;
    private int failedAuths;
    private int nextSubscription = 1;
    private int inFlight;
    private boolean inputPaused;
    private boolean pumping;
    private boolean closed;
    private boolean closeAfterAnswer;

    Session(String remoteHost, String remote, Context context, Outbound out, Access access, int maxInFlight) {
        this.remoteHost = remoteHost;
        this.remote = remote;
        this.hop = new ContextHop(context);
        this.out = out;
        this.access = access;
        this.maxInFlight = maxInFlight;
        out.onDrain(() -> {
            updateInput();
            pump();
        });
    }

    /** The peer's host (the key of the auth throttle). */
    public String remoteHost() {
        return remoteHost;
    }

    /** The peer's host:port, for logs. */
    public String remoteAddress() {
        return remote;
    }

    public Access access() {
        return access;
    }

    public boolean authenticated() {
        return access.granted();
    }

    /** Session state is touched on this context only. */
    ContextHop hop() {
        return hop;
    }

    /**
     * The same outcome, delivered on this session's context: the agent's futures complete on the
     * supervisor's context, and session state is only touched here.
     */
    <T> Future<T> back(Future<T> f) {
        return hop.back(f);
    }

    boolean canPush() {
        return out.canPush();
    }

    boolean isClosed() {
        return closed;
    }

    void onAuthenticated(Runnable action) {
        this.onAuthenticated = action;
    }

    /** Asked once, before the first authentication: false when the listener has no room left. */
    void admission(BooleanSupplier check) {
        this.admission = check;
    }

    /** True when this session may become (or already is) authenticated. */
    boolean admit() {
        return authenticated() || admission.getAsBoolean();
    }

    void authenticate(Access granted) {
        boolean first = !authenticated();
        this.access = granted;
        this.failedAuths = 0;
        if (first) {
            onAuthenticated.run();
        }
    }

    /** Counts a failed auth on this connection; returns how many so far. */
    int authFailed() {
        return ++failedAuths;
    }

    /** The connection closes once the answer being prepared is written (too many failed auths). */
    void closeAfterAnswer() {
        closeAfterAnswer = true;
    }

    /** Writes a notification now, ahead of the subscription queues (used for one-off messages). */
    public void push(Notification n) {
        if (!closed) {
            out.push(n);
        }
    }

    // ------------------------------------------------------------------ requests and answers

    void requestStarted() {
        inFlight++;
        updateInput();
    }

    /**
     * Writes the answer (if any), runs what waited for it (agent.quit's quit), then lets the
     * subscriptions it announced start sending.
     */
    void requestFinished(RpcDispatcher.Reply reply) {
        inFlight--;
        if (closed) {
            reply.answered();
            return;
        }
        if (reply.text() != null) {
            out.write(reply.text());
        }
        reply.answered();
        if (closeAfterAnswer) {
            out.close();
            return;
        }
        for (String id : reply.subscriptions()) {
            PushQueue s = subscriptions.get(id);
            if (s != null) {
                s.activate();
            }
        }
        updateInput();
        pump();
    }

    private void updateInput() {
        boolean pause = !closed && (inFlight >= maxInFlight || out.writeQueueFull());
        if (pause != inputPaused) {
            inputPaused = pause;
            if (pause) {
                out.pauseInput();
            } else {
                out.resumeInput();
            }
        }
    }

    // ------------------------------------------------------------------ subscriptions

    PushQueue subscribe(int capacity, PushStats stats) {
        PushQueue s = new PushQueue("s" + nextSubscription++, capacity, stats);
        subscriptions.put(s.id(), s);
        return s;
    }

    boolean unsubscribe(String id) {
        PushQueue s = subscriptions.remove(id);
        if (s == null) {
            return false;
        }
        s.cancel();
        return true;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Writes queued notifications, round robin over the subscriptions, while the transport takes them. */
    void pump() {
        if (closed || pumping) {
            return;
        }
        pumping = true;
        try {
            boolean progress = true;
            while (progress && !out.writeQueueFull()) {
                progress = false;
                for (PushQueue s : List.copyOf(subscriptions.values())) {
                    Notification n = out.writeQueueFull() ? null : s.poll();
                    if (n != null) {
                        out.push(n);
                        progress = true;
                    }
                }
            }
        } finally {
            pumping = false;
        }
    }

    /** Closes the transport (its close handler then calls {@link #closed()}). */
    void disconnect() {
        out.close();
    }

    /** The transport closed: ends every subscription. Idempotent. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        for (PushQueue s : new ArrayList<>(subscriptions.values())) {
            s.cancel();
        }
        subscriptions.clear();
    }
}
