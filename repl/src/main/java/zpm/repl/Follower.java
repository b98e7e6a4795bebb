package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.client.Subscription;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.client.ZpmClientException;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.event.LifecycleEvent;
import zpm.repl.command.Context;
import zpm.repl.render.EventLine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The waiting side of commands: a call's answer or Ctrl-C, whichever comes first; events shown
 * while a long operation runs; event and log streams until Ctrl-C or a lost connection.
 */
final class Follower {

    /** After the answer, the events received before it are printed within this long at most. */
    private static final long DELIVERY_WAIT_MS = 2_000;

    private final ZpmClient client;
    private final Cancel cancel;
    private final Output out;
    private final Context ctx;
    private final Object logLock = new Object();
    private volatile CompletableFuture<Void> down = new CompletableFuture<>();
    /** The running {@code logs -f}: gets every {@code log} notification; null when none runs. */
    private volatile Consumer<JsonNode> logSink;

    Follower(ZpmClient client, Cancel cancel, Output out, Context ctx) {
        this.client = client;
        this.cancel = cancel;
        this.out = out;
        this.ctx = ctx;
        client.onStateChange(this::stateChanged);
        client.onNotification(this::notification);
    }

    private void stateChanged(ZpmClient.State s) {
        if (s == ZpmClient.State.CONNECTED) {
            if (down.isDone()) {
                down = new CompletableFuture<>();
            }
        } else {
            down.complete(null);
        }
    }

    private void notification(Notification n) {
        Consumer<JsonNode> sink = logSink;
        // a followed log's gap notice comes as events.dropped with the log subscription's id
        if (("log".equals(n.method()) || "events.dropped".equals(n.method())) && sink != null && n.params() != null) {
            sink.accept(n.params());
        }
    }

    /** The call's result; Ctrl-C ends the wait with {@link Cancel.Cancelled}. */
    JsonNode await(CompletableFuture<JsonNode> call) {
        try {
            CompletableFuture.anyOf(call, cancel.future()).get();
        } catch (ExecutionException e) {
            // The call failed: join below rethrows its cause.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancel.Cancelled();
        }
        if (!call.isDone()) {
            throw new Cancel.Cancelled();
        }
        try {
            return call.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Runs {@code call} with the events of {@code app} (all apps when null) printed as they come. */
    JsonNode withProgress(String app, Supplier<JsonNode> call) {
        Subscription s = null;
        try {
            s = client.subscribe(List.of(), app,
                    e -> out.async("  " + EventLine.render(e, ctx.zone(), out.color(), ctx.fleet())));
        } catch (RuntimeException e) {
            // Progress is a nicety: the command runs without it (an old agent, a full connection).
        }
        try {
            JsonNode r = call.get();
            if (s != null) {
                printedBeforeTheAnswer();
            }
            return r;
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * Events the agent sent before its answer are printed before it: they are read before the
     * answer, and handed to the subscription on the client's dispatch thread, so the answer may
     * overtake them here. Bounded, so a stuck terminal cannot hold the console.
     */
    private void printedBeforeTheAnswer() {
        try {
            client.delivered().get(DELIVERY_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Printed late, or not at all: the answer itself is what matters.
        }
    }

    void events(List<String> types, String app, Consumer<LifecycleEvent> onEvent) {
        Subscription s = client.subscribe(types, app, onEvent,
                dropped -> out.async("(" + dropped + " events dropped: this console read too slowly)"));
        try {
            untilCancelledOrDown();
        } finally {
            s.close();
        }
    }

    void logs(ObjectNode params, Consumer<JsonNode> onResult, Consumer<JsonNode> onLine) {
        String[] mine = {null};
        List<JsonNode> early = new ArrayList<>();
        // Lines may arrive before this thread has read the subscription id: keep them until then.
        logSink = p -> {
            synchronized (logLock) {
                if (mine[0] == null) {
                    early.add(p);
                } else if (mine[0].equals(p.path("subscription").asText())) {
                    logOrGap(p, onLine);
                }
            }
        };
        String sid = null;
        try {
            JsonNode r = await(client.callAsync("logs", params));
            sid = r.path("subscription").asText(null);
            onResult.accept(r);
            synchronized (logLock) {
                mine[0] = sid == null ? "" : sid;
                for (JsonNode p : early) {
                    if (mine[0].equals(p.path("subscription").asText())) {
                        logOrGap(p, onLine);
                    }
                }
            }
            untilCancelledOrDown();
        } finally {
            logSink = null;
            if (sid != null) {
                client.callAsync("events.unsubscribe", ctx.params().put("subscription", sid));
            }
        }
    }

    /** A followed line, or the agent's count of lines this console was too slow for (shown where they were lost). */
    private void logOrGap(JsonNode p, Consumer<JsonNode> onLine) {
        if (p.has("line")) {
            onLine.accept(p.path("line"));
        } else if (p.has("dropped")) {
            out.async("(" + p.path("dropped").asLong() + " lines dropped: this console read too slowly)");
        }
    }

    /** Returns on Ctrl-C; throws when the connection is lost (the stream ends with it). */
    private void untilCancelledOrDown() {
        CompletableFuture<Void> lost = down;
        if (client.state() != ZpmClient.State.CONNECTED) {
            lost.complete(null);
        }
        try {
            CompletableFuture.anyOf(cancel.future(), lost).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // neither future ever fails
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!cancel.fired()) {
            ZpmClientException why = client.lastFailure();
            throw new ZpmClientException(ZpmClientException.Kind.DISCONNECTED, "the stream ended: "
                    + (why != null ? why.getMessage() : "the connection to " + client.address() + " was lost"));
        }
    }
}
