package zpm.protocol.event;

/**
 * The wire names of the lifecycle event types, one per record of {@link LifecycleEvent}. Used
 * where a type is named without an event at hand: subscription filters, console completion.
 */
public enum EventType {
    /** {@link LifecycleEvent.Fork}. */
    FORK("fork"),
    /** {@link LifecycleEvent.Online}. */
    ONLINE("online"),
    /** {@link LifecycleEvent.Listening}. */
    LISTENING("listening"),
    /** {@link LifecycleEvent.Disconnect}. */
    DISCONNECT("disconnect"),
    /** {@link LifecycleEvent.Exit}. */
    EXIT("exit"),
    /** {@link LifecycleEvent.Resize}. */
    RESIZE("resize"),
    /** {@link LifecycleEvent.Restart}. */
    RESTART("restart"),
    /** {@link LifecycleEvent.Backoff}. */
    BACKOFF("backoff"),
    /** {@link LifecycleEvent.Fatal}. */
    FATAL("fatal"),
    /** {@link LifecycleEvent.Danger}. */
    DANGER("danger"),
    /** {@link LifecycleEvent.Probe}. */
    PROBE("probe"),
    /** {@link LifecycleEvent.AppAction}. */
    APP("app"),
    /** {@link LifecycleEvent.Message}. */
    MESSAGE("message");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
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
