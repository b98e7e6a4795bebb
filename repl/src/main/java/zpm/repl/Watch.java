package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.client.ZpmClientException;
import zpm.protocol.event.LifecycleEvent;
import zpm.repl.render.EventLine;
import zpm.repl.render.Prompt;
import zpm.repl.render.Style;

import java.time.ZoneId;
import java.util.List;

/**
 * What the console shows between commands: the connection state and app count in the prompt,
 * messages when the connection drops and comes back, and events that need the operator
 * (crashes, fatal, danger, failed probes, apps added or removed), printed above the prompt.
 */
public final class Watch {

    /** Events worth interrupting the operator's typing for. */
    static final List<String> ALERTS = List.of("exit", "fatal", "danger", "probe", "app", "node-joined", "node-left");

    private final ConsoleSession session;
    private final Output out;
    private final ZoneId zone;
    private final Runnable promptChanged;
    private final FleetView fleet;
    private volatile int apps = -1;
    private volatile Prompt.Link link = Prompt.Link.UP;
    private volatile boolean busy;

    /** @param promptChanged redraws the prompt (called on the client's dispatch thread) */
    public Watch(ConsoleSession session, Output out, ZoneId zone, Runnable promptChanged) {
        this(session, out, zone, promptChanged, new FleetView(session.client(), promptChanged));
    }

    /** @param fleet the fleet view the prompt shows (its change listener should redraw the prompt) */
    public Watch(ConsoleSession session, Output out, ZoneId zone, Runnable promptChanged, FleetView fleet) {
        this.session = session;
        this.out = out;
        this.zone = zone;
        this.promptChanged = promptChanged;
        this.fleet = fleet;
    }

    /** The fleet as the prompt shows it (node names for Tab, NODE columns for the tables). */
    public FleetView fleet() {
        return fleet;
    }

    public void start(int knownApps) {
        apps = knownApps;
        fleet.refresh();
        ZpmClient c = session.client();
        c.onStateChange(this::stateChanged);
        try {
            c.subscribe(ALERTS, null, this::alert);
        } catch (RuntimeException e) {
            out.async("(no live events: " + e.getMessage() + ")");
        }
    }

    public String prompt() {
        return Prompt.text(session.endpoint().toString(), link, apps, fleet.names().size(), out.color());
    }

    /** While a command runs its own output is enough: alerts wait for the prompt. */
    public void busy(boolean running) {
        busy = running;
    }

    /** Asks for the app count in the background; the prompt follows. */
    public void refreshApps() {
        session.client().callAsync("apps.list", (JsonNode) null).thenAccept(r -> {
            int n = r.path("apps").size();
            if (n != apps) {
                apps = n;
                promptChanged.run();
            }
        });
    }

    private void alert(LifecycleEvent e) {
        if (e instanceof LifecycleEvent.AppAction) {
            refreshApps();
        }
        if (e instanceof LifecycleEvent.NodeJoined || e instanceof LifecycleEvent.NodeLeft) {
            // The prompt's node count and Tab's node names follow the fleet.
            fleet.refresh();
        }
        if (busy || (e instanceof LifecycleEvent.Exit x && x.expected())) {
            return;
        }
        out.async(Style.BOLD.apply("!", out.color()) + " " + EventLine.render(e, zone, out.color(), fleet.isFleet()));
    }

    private void stateChanged(ZpmClient.State s) {
        String message = message(s);
        if (s == ZpmClient.State.CLOSED) {
            return;
        }
        boolean wasDown = link != Prompt.Link.UP;
        link = s == ZpmClient.State.CONNECTED ? Prompt.Link.UP
                : s == ZpmClient.State.RECONNECTING ? Prompt.Link.RECONNECTING : Prompt.Link.DOWN;
        // The prompt first: printing the message redraws the line with it.
        promptChanged.run();
        if (message != null && (s != ZpmClient.State.CONNECTED || wasDown)) {
            out.async(message);
        }
        if (s == ZpmClient.State.CONNECTED && wasDown) {
            refreshApps();
            fleet.refresh();
        }
    }

    /** What to tell the operator about the new state, or null. */
    private String message(ZpmClient.State s) {
        ZpmClientException why = session.client().lastFailure();
        String where = session.endpoint().toString();
        switch (s) {
            case CONNECTED:
                return "reconnected to " + where;
            case RECONNECTING:
                return "lost the connection to " + where + (why == null ? "" : ": " + why.getMessage())
                        + "; reconnecting in the background";
            case DISCONNECTED:
                // A drop that will be retried goes on to RECONNECTING at once: say it there.
                return why != null && !why.kind().isRetryable()
                        ? "disconnected from " + where + ": " + session.describe(why) + " (not retrying: type connect to try again)"
                        : null;
            default:
                return null;
        }
    }
}
