package zpm.protocol.event;

import java.util.HashMap;
import java.util.Map;

/**
 * The wire names of the lifecycle event types, each with its record of {@link LifecycleEvent}.
 * Used where a type is named without an event at hand: subscription filters, console completion.
 */
public enum EventType {
    /** {@link LifecycleEvent.Fork}. */
    FORK("fork", LifecycleEvent.Fork.class),
    /** {@link LifecycleEvent.Online}. */
    ONLINE("online", LifecycleEvent.Online.class),
    /** {@link LifecycleEvent.Listening}. */
    LISTENING("listening", LifecycleEvent.Listening.class),
    /** {@link LifecycleEvent.Disconnect}. */
    DISCONNECT("disconnect", LifecycleEvent.Disconnect.class),
    /** {@link LifecycleEvent.Exit}. */
    EXIT("exit", LifecycleEvent.Exit.class),
    /** {@link LifecycleEvent.Resize}. */
    RESIZE("resize", LifecycleEvent.Resize.class),
    /** {@link LifecycleEvent.Restart}. */
    RESTART("restart", LifecycleEvent.Restart.class),
    /** {@link LifecycleEvent.Backoff}. */
    BACKOFF("backoff", LifecycleEvent.Backoff.class),
    /** {@link LifecycleEvent.Fatal}. */
    FATAL("fatal", LifecycleEvent.Fatal.class),
    /** {@link LifecycleEvent.Danger}. */
    DANGER("danger", LifecycleEvent.Danger.class),
    /** {@link LifecycleEvent.Probe}. */
    PROBE("probe", LifecycleEvent.Probe.class),
    /** {@link LifecycleEvent.AppAction}. */
    APP("app", LifecycleEvent.AppAction.class),
    /** {@link LifecycleEvent.Message}. */
    MESSAGE("message", LifecycleEvent.Message.class),
    /** {@link LifecycleEvent.LogsUnwritable}. */
    LOGS_UNWRITABLE("logs-unwritable", LifecycleEvent.LogsUnwritable.class),
    /** {@link LifecycleEvent.LogsResumed}. */
    LOGS_RESUMED("logs-resumed", LifecycleEvent.LogsResumed.class),
    /** {@link LifecycleEvent.NodeJoined}. */
    NODE_JOINED("node-joined", LifecycleEvent.NodeJoined.class),
    /** {@link LifecycleEvent.NodeLeft}. */
    NODE_LEFT("node-left", LifecycleEvent.NodeLeft.class);

    private static final Map<Class<?>, EventType> BY_RECORD = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_RECORD.put(t.record, t);
        }
    }

    private final String wire;
    private final Class<? extends LifecycleEvent> record;

    EventType(String wire, Class<? extends LifecycleEvent> record) {
        this.wire = wire;
        this.record = record;
    }

    /** The type of an event record. */
    static EventType of(LifecycleEvent e) {
        return BY_RECORD.get(e.getClass());
    }

    public String wireName() {
        return wire;
    }

    /** @return the type for a wire name, or null */
    public static EventType fromWire(String name) {
        for (EventType t : values()) {
            if (t.wire.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
