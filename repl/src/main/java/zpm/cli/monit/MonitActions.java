package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.client.ZpmClient;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What monit's keys ask of the agent, and the log lines of the selected app. Every call is
 * asynchronous: its answer comes back to the view's thread through {@code post}, so no key waits
 * for the agent.
 */
final class MonitActions {

    /** Log lines asked for when an app is selected; more than a screen shows. */
    static final int LOG_LINES = 50;

    private final ZpmClient client;
    private final MonitModel model;
    private final Consumer<Runnable> post;
    // The followed app's logs; the view's thread only.
    private String logApp;
    private String logSubscription;
    private long logGeneration;

    MonitActions(ZpmClient client, MonitModel model, Consumer<Runnable> post) {
        this.client = client;
        this.model = model;
        this.post = post;
    }

    /** Rolling restart of the app: the agent replaces one worker at a time, each new one online before the old leaves. */
    void restart(String app) {
        model.info("restarting " + app + " (rolling)...");
        client.callAsync("restart", params().put("target", app)).whenComplete((r, e) -> post.accept(() -> {
            if (e != null) {
                model.error("restart " + app + " failed: " + why(e));
            } else {
                model.info(app + " restarted: replaced " + ids(r.path("replaced")) + ", started " + ids(r.path("started")));
            }
        }));
    }

    /** One worker more or fewer, from the app's current size (apps.list); never below one (stopping is zpm stop's). */
    void scale(String app, int delta) {
        client.callAsync("apps.list", (JsonNode) null).thenCompose(list -> {
            int size = sizeOf(list, app);
            int to = size + delta;
            if (to < 1) {
                throw new IllegalStateException(app + " has 1 worker: monit scales down to one (zpm stop " + app + " stops it)");
            }
            post.accept(() -> model.info("scaling " + app + " from " + size + " to " + to + "..."));
            return client.callAsync("resize", params().put("app", app).put("size", to));
        }).whenComplete((r, e) -> post.accept(() -> {
            if (e != null) {
                model.error("scale " + app + ": " + why(e));
            } else {
                JsonNode a = r.path("app");
                model.info(app + ": size " + a.path("size").asInt() + ", " + a.path("online").asInt() + " online");
            }
        }));
    }

    private static int sizeOf(JsonNode list, String app) {
        for (JsonNode a : list.path("apps")) {
            if (app.equals(a.path("name").asText())) {
                return a.path("size").asInt();
            }
        }
        throw new IllegalStateException("no app named " + app + " any more");
    }

    /** Follows the logs of {@code app} (none when null) instead of the app followed so far. */
    void followLogs(String app) {
        if (Objects.equals(app, logApp)) {
            return;
        }
        stopLogs();
        logApp = app;
        model.logsOf(app);
        if (app == null) {
            return;
        }
        long generation = logGeneration;
        ObjectNode p = params().put("target", app).put("lines", LOG_LINES).put("follow", true);
        client.callAsync("logs", p).whenComplete((r, e) -> post.accept(() -> logsAnswered(generation, r, e)));
    }

    /** After a reconnect: the agent ended the follow with the old connection. */
    void followLogsAgain() {
        String app = logApp;
        logApp = null;
        logSubscription = null;
        followLogs(app);
    }

    private void logsAnswered(long generation, JsonNode r, Throwable e) {
        String sid = r == null ? null : r.path("subscription").asText(null);
        if (generation != logGeneration) {
            unsubscribe(sid); // another app was selected meanwhile
            return;
        }
        if (e != null) {
            model.error("logs of " + logApp + ": " + why(e));
            return;
        }
        r.path("lines").forEach(model::logLine);
        logSubscription = sid;
    }

    /**
     * A {@code log} notification (or {@code events.dropped}: lines the agent dropped), on the
     * view's thread. The subscription is known by then: the client completes the {@code logs}
     * answer on its reader thread as soon as it is read, which posts it here before the dispatch
     * thread posts any notification read after it (unless the answer came before this thread
     * had registered for it, a window of microseconds: then a first line may be missed).
     */
    void logNotification(String method, JsonNode params) {
        if (logSubscription == null || !logSubscription.equals(params.path("subscription").asText())) {
            return;
        }
        if ("log".equals(method)) {
            model.logLine(params.path("line"));
        } else {
            model.error(params.path("dropped").asLong() + " log lines of " + logApp + " dropped: they came faster than this view read");
        }
    }

    void stopLogs() {
        logGeneration++;
        unsubscribe(logSubscription);
        logSubscription = null;
        logApp = null;
    }

    private void unsubscribe(String sid) {
        if (sid != null) {
            client.callAsync("events.unsubscribe", params().put("subscription", sid)); // best effort
        }
    }

    private static ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static String ids(JsonNode a) {
        StringBuilder sb = new StringBuilder();
        a.forEach(id -> sb.append(sb.length() == 0 ? "" : " ").append(id.asText()));
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** The agent's or the client's message, without the future's wrapping. */
    static String why(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
