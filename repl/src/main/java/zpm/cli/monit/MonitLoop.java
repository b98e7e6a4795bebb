package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Display;
import zpm.protocol.client.Subscription;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.Notification;
import zpm.repl.ExitCodes;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * monit's view thread: the one thread that changes the model and draws. Keys (read on their own
 * thread), events, log lines, call answers and resizes reach it as tasks in one queue; it runs
 * them, asks for {@code status} every {@link #STATUS_EVERY_MS} (sooner after a worker event), and
 * redraws through JLine's {@link Display}, which writes only what changed.
 */
final class MonitLoop {

    static final long STATUS_EVERY_MS = 1_000;
    /** After a worker event, the figures the event does not carry (pid, memory, uptime) come this soon. */
    static final long STATUS_AFTER_EVENT_MS = 150;
    /** Tasks run between two frames at most: a flood of log lines still leaves time to draw. */
    private static final int BATCH = 1_000;
    private static final long KEY_POLL_MS = 200;

    private final ZpmClient client;
    private final Terminal terminal;
    private final boolean color;
    private final MonitModel model;
    private final MonitActions actions;
    private final Display display;
    private final ZoneId zone = ZoneId.systemDefault();
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /** Keys and signals: run before whatever waits in the inbox (a flood of log lines must not delay q). */
    private final Queue<Runnable> urgent = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    // The view thread only.
    private int exitCode = ExitCodes.OK;
    private String exitMessage;
    private boolean statusInFlight;
    private long nextStatusAt;
    private String updated = "";
    private Size size;

    MonitLoop(ZpmClient client, Terminal terminal, boolean color, String app) {
        this.client = client;
        this.terminal = terminal;
        this.color = color;
        this.model = new MonitModel(app);
        this.actions = new MonitActions(client, model, this::post);
        this.display = new Display(terminal, true);
    }

    /** Runs until q, Ctrl-C or a lost connection; returns the exit code. */
    int run(JsonNode firstStatus) {
        model.status(firstStatus);
        updated = clock();
        client.onNotification(this::notification);
        client.onStateChange(s -> post(() -> connectionChanged(s)));
        Terminal.SignalHandler int0 = terminal.handle(Terminal.Signal.INT, s -> postUrgent(() -> quit(ExitCodes.OK, null)));
        Terminal.SignalHandler winch0 = terminal.handle(Terminal.Signal.WINCH, s -> postUrgent(this::resized));
        // subscribe() waits for the agent's answer: off this thread, so the first frame never waits for it.
        CompletableFuture<Subscription> events = CompletableFuture.supplyAsync(this::subscribe);
        Thread keys = new Thread(this::readKeys, "zpm-monit-keys");
        keys.setDaemon(true);
        keys.start();
        try {
            resized();
            actions.followLogs(model.selectedApp());
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            terminal.handle(Terminal.Signal.INT, int0);
            terminal.handle(Terminal.Signal.WINCH, winch0);
            actions.stopLogs();
            // Unsubscribing waits for the agent too: done aside, so a hung agent never holds the terminal.
            events.thenAcceptAsync(sub -> {
                if (sub != null) {
                    sub.close();
                }
            });
            joinQuietly(keys);
        }
        return exitCode;
    }

    /** Why monit ended, when not by a key; for stderr once the screen is restored. */
    String exitMessage() {
        return exitMessage;
    }

    void post(Runnable task) {
        if (running) {
            inbox.add(task);
        }
    }

    /** A key or a signal: runs before the tasks already waiting (and wakes the loop). */
    private void postUrgent(Runnable task) {
        if (running) {
            urgent.add(task);
            inbox.add(() -> { });
        }
    }

    private void loop() throws InterruptedException {
        boolean dirty = true;
        while (running) {
            long now = System.currentTimeMillis();
            if (now >= nextStatusAt) {
                refreshStatus(now);
            }
            if (dirty) {
                draw();
            }
            Runnable task = inbox.poll(Math.max(1, nextStatusAt - now), TimeUnit.MILLISECONDS);
            dirty = task != null;
            for (int n = 0; task != null && running && n < BATCH; n++) {
                for (Runnable u; running && (u = urgent.poll()) != null; ) {
                    runGuarded(u);
                }
                runGuarded(task);
                task = n + 1 < BATCH ? inbox.poll() : null;
            }
        }
    }

    /** A task's failure is shown and the view goes on: the operator keeps the screen and quits with q. */
    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            model.error("zpm monit failed here (please report it): " + e);
        }
    }

    private Subscription subscribe() {
        try {
            return client.subscribe(List.of(), model.appFilter(), e -> post(() -> event(e)),
                    dropped -> post(() -> model.error(dropped + " events dropped: this terminal drew too slowly")));
        } catch (RuntimeException e) {
            post(() -> model.error("no events (" + MonitActions.why(e) + "): the table follows status only"));
            return null;
        }
    }

    private void event(LifecycleEvent e) {
        model.event(e);
        if (e.worker() != null) {
            nextStatusAt = Math.min(nextStatusAt, System.currentTimeMillis() + STATUS_AFTER_EVENT_MS);
        }
        actions.followLogs(model.selectedApp());
    }

    private void notification(Notification n) {
        if (("log".equals(n.method()) || "events.dropped".equals(n.method())) && n.params() != null) {
            post(() -> actions.logNotification(n.method(), n.params()));
        }
    }

    private void refreshStatus(long now) {
        nextStatusAt = now + STATUS_EVERY_MS;
        if (client.state() == ZpmClient.State.DISCONNECTED || client.state() == ZpmClient.State.CLOSED) {
            var why = client.lastFailure();
            quit(ExitCodes.CONNECTION, "zpm monit: the connection to " + client.address() + " was lost"
                    + (why == null ? "" : ": " + why.getMessage()));
            return;
        }
        if (statusInFlight) {
            return;
        }
        statusInFlight = true;
        var params = JsonNodeFactory.instance.objectNode().put("target", model.appFilter() == null ? "all" : model.appFilter());
        client.callAsync("status", params).whenComplete((r, e) -> post(() -> {
            statusInFlight = false;
            if (e != null) {
                model.error("status: " + MonitActions.why(e));
                return;
            }
            model.status(r);
            updated = clock();
            actions.followLogs(model.selectedApp());
        }));
    }

    private void connectionChanged(ZpmClient.State s) {
        model.connection(s.name().toLowerCase(java.util.Locale.ROOT));
        if (s == ZpmClient.State.CONNECTED) {
            actions.followLogsAgain(); // the events subscription the client renews itself
        }
    }

    private void key(MonitKeys.Key k) {
        String confirm = model.confirmRestart();
        if (confirm != null && k != MonitKeys.Key.INTERRUPT) {
            model.askRestart(null);
            if (k == MonitKeys.Key.YES) {
                actions.restart(confirm);
            } else {
                model.info("restart of " + confirm + " cancelled");
            }
            return;
        }
        switch (k) {
            case UP -> move(-1);
            case DOWN -> move(1);
            case PAGE_UP -> move(-Math.max(1, rows() / 3));
            case PAGE_DOWN -> move(Math.max(1, rows() / 3));
            case RESTART -> withApp("restart", model::askRestart);
            case PLUS -> withApp("scale", app -> actions.scale(app, 1));
            case MINUS -> withApp("scale", app -> actions.scale(app, -1));
            case QUIT, INTERRUPT, END -> quit(ExitCodes.OK, null);
            case REDRAW -> display.clear();
            default -> model.info(MonitLayout.HELP);
        }
    }

    private void withApp(String what, java.util.function.Consumer<String> action) {
        String app = model.selectedApp();
        if (app == null) {
            model.error("no worker selected: nothing to " + what);
        } else {
            action.accept(app);
        }
    }

    private void move(int delta) {
        model.move(delta);
        actions.followLogs(model.selectedApp());
    }

    private void quit(int code, String message) {
        exitCode = code;
        exitMessage = message;
        running = false;
    }

    private void resized() {
        Size s = terminal.getSize();
        // A size of 0 comes from a terminal that does not say (a pipe in a test): a classic screen then.
        size = s.getRows() <= 0 || s.getColumns() <= 0 ? new Size(80, 24) : s;
        display.resize(size.getRows(), size.getColumns());
        display.clear(); // the terminal may have reflowed the old frame: draw the next one whole
    }

    private int rows() {
        return size == null ? 24 : size.getRows();
    }

    private void draw() {
        MonitLayout layout = new MonitLayout(size.getRows(), size.getColumns(), color, zone, LocalDate.now(zone));
        display.update(layout.render(model, title()), -1);
        terminal.flush();
    }

    private String title() {
        String what = model.appFilter() == null ? "all apps" : "app " + model.appFilter();
        String link = "connected".equals(model.connection()) ? "" : "  [" + model.connection() + "]";
        return "zpm monit  " + client.address() + "  " + what + link + "  updated " + updated;
    }

    private String clock() {
        LocalTime t = LocalTime.now(zone);
        return String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    }

    private void readKeys() {
        try {
            while (running) {
                MonitKeys.Key k = MonitKeys.next(terminal.reader()::read, KEY_POLL_MS);
                if (k != null) {
                    postUrgent(() -> key(k));
                }
                if (k == MonitKeys.Key.END) {
                    return;
                }
            }
        } catch (IOException e) {
            post(() -> quit(ExitCodes.OK, "zpm monit: the terminal's input ended: " + e.getMessage()));
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(KEY_POLL_MS + MonitKeys.ESC_WAIT_MS * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
