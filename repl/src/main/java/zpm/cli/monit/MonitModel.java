package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;
import zpm.repl.render.FleetRows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * What monit shows: the workers (rows of {@code status}, patched by events between two
 * statuses), the selected row, the latest events, the selected app's last log lines and a
 * message line. Touched by the view's one thread only: no locking.
 */
final class MonitModel {

    /** Events and log lines kept: more than any screen shows. */
    static final int KEPT = 200;

    private final String appFilter;
    private List<ObjectNode> workers = new ArrayList<>();
    private int selected;
    private final Deque<LifecycleEvent> events = new ArrayDeque<>();
    private final Deque<JsonNode> logLines = new ArrayDeque<>();
    private String logApp;
    private String message = "";
    private boolean messageIsError;
    private String confirmRestart;
    private String connection = "connected";

    /** @param appFilter the one app shown, or null for all */
    MonitModel(String appFilter) {
        this.appFilter = appFilter;
    }

    String appFilter() {
        return appFilter;
    }

    /**
     * A {@code status} result replaces the rows; the selection stays on the same worker when it
     * still exists (in a fleet a worker is its node and id: ids are per node).
     */
    void status(JsonNode result) {
        String keep = selectedKey();
        List<ObjectNode> next = new ArrayList<>();
        result.path("workers").forEach(w -> {
            if (w.isObject()) {
                next.add((ObjectNode) w);
            }
        });
        workers = next;
        selectByKey(keep);
    }

    /**
     * Keeps the event, and patches the rows it tells about (fork adds a row, online and exit
     * change its state) so the table moves at once; the next status brings the figures.
     */
    void event(LifecycleEvent e) {
        events.addLast(e);
        while (events.size() > KEPT) {
            events.removeFirst();
        }
        WorkerRef ref = e.worker();
        if (ref == null || e.app() == null) {
            return;
        }
        String keep = selectedKey();
        if (e instanceof LifecycleEvent.Fork) {
            forked(e.node(), e.app(), ref);
        } else if (e instanceof LifecycleEvent.Online) {
            row(e.node(), ref.id()).ifPresent(w -> w.put("state", "online"));
        } else if (e instanceof LifecycleEvent.Exit) {
            row(e.node(), ref.id()).ifPresent(w -> w.put("state", "exited").putNull("pid"));
        }
        selectByKey(keep);
    }

    private void forked(String node, String app, WorkerRef ref) {
        if (row(node, ref.id()).isPresent() || (appFilter != null && !appFilter.equals(app))) {
            return;
        }
        ObjectNode w = JsonNodeFactory.instance.objectNode();
        // The node only when the rows name theirs: a lone agent's table gets no NODE column from it.
        if (node != null && workers.stream().anyMatch(x -> !FleetRows.node(x).isEmpty())) {
            w.put("node", node);
        }
        w.put("id", ref.id()).put("slot", ref.slot()).put("app", app);
        if (ref.pid() == null) {
            w.putNull("pid");
        } else {
            w.put("pid", ref.pid());
        }
        w.put("state", "starting").put("uptimeMs", 0).put("restarts", 0).putNull("cpu").putNull("rssBytes").put("connections", 0);
        List<ObjectNode> next = new ArrayList<>(workers);
        next.add(w);
        // Status order: by node, app as first seen, then slot, then id (a replacement after its predecessor).
        List<String> apps = next.stream().map(x -> x.path("app").asText()).distinct().toList();
        next.sort(Comparator.<ObjectNode, String>comparing(FleetRows::node)
                .thenComparingInt(x -> apps.indexOf(x.path("app").asText()))
                .thenComparingInt(x -> x.path("slot").asInt()).thenComparingLong(x -> x.path("id").asLong()));
        workers = next;
    }

    /** The row of worker {@code id} of {@code node} (rows that name no node: any). */
    private java.util.Optional<ObjectNode> row(String node, long id) {
        return workers.stream().filter(w -> w.path("id").asLong() == id
                && (node == null || FleetRows.node(w).isEmpty() || FleetRows.node(w).equals(node))).findFirst();
    }

    /** The rows as a {@code status} result, for the status table renderer. */
    JsonNode asStatus() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putArray("workers").addAll(workers);
        return out;
    }

    int size() {
        return workers.size();
    }

    int selected() {
        return selected;
    }

    void move(int delta) {
        if (!workers.isEmpty()) {
            selected = Math.max(0, Math.min(workers.size() - 1, selected + delta));
        }
    }

    private String selectedKey() {
        return workers.isEmpty() ? "" : FleetRows.id(workers.get(selected), "id", true);
    }

    private void selectByKey(String key) {
        for (int i = 0; i < workers.size(); i++) {
            if (FleetRows.id(workers.get(i), "id", true).equals(key)) {
                selected = i;
                return;
            }
        }
        selected = Math.max(0, Math.min(selected, workers.size() - 1));
    }

    /** The app the keys act on and whose logs are shown: the filter, else the selected row's app; null when none. */
    String selectedApp() {
        if (appFilter != null) {
            return appFilter;
        }
        return workers.isEmpty() ? null : workers.get(selected).path("app").asText(null);
    }

    List<LifecycleEvent> events() {
        return List.copyOf(events);
    }

    /** Starts over the log lines, now of {@code app}. */
    void logsOf(String app) {
        logApp = app;
        logLines.clear();
    }

    String logApp() {
        return logApp;
    }

    /** A line of the followed app's output; its text cleaned of control characters (a worker's escapes must not drive this terminal). */
    void logLine(JsonNode line) {
        if (!line.isObject()) {
            return;
        }
        ObjectNode copy = ((ObjectNode) line).deepCopy();
        copy.put("text", printable(line.path("text").asText(""), false));
        logLines.addLast(copy);
        while (logLines.size() > KEPT) {
            logLines.removeFirst();
        }
    }

    List<JsonNode> logLines() {
        return List.copyOf(logLines);
    }

    /** Control characters as '?', a tab as a blank; ESC kept only when {@code keepEscape} (text this program styled). */
    static String printable(String s, boolean keepEscape) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && !(keepEscape && c == 0x1b)) || (c >= 0x7f && c < 0xa0);
            sb.append(c == '\t' ? ' ' : control ? '?' : c);
        }
        return sb.toString();
    }

    void info(String text) {
        message = text;
        messageIsError = false;
    }

    void error(String text) {
        message = text;
        messageIsError = true;
    }

    String message() {
        return message;
    }

    boolean messageIsError() {
        return messageIsError;
    }

    /** The app a restart waits a y/n for, or null. */
    String confirmRestart() {
        return confirmRestart;
    }

    void askRestart(String app) {
        confirmRestart = app;
        info(app == null ? "" : "restart " + app + " (rolling: one worker at a time)? y/n");
    }

    String connection() {
        return connection;
    }

    void connection(String state) {
        connection = state;
    }
}
