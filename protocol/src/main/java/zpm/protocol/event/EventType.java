package zpm.protocol.event;

/** The lifecycle event types, with their wire names (their fields: docs/protocol.md, "Events"). */
public enum EventType {
    /** A worker process was spawned. Details: {@code command}. */
    FORK("fork"),
    /** The worker is ready (readiness passed). Details: {@code afterMs}. */
    ONLINE("online"),
    /** The worker bound its port. Details: {@code port}. (Not emitted yet: comes with connection tracking.) */
    LISTENING("listening"),
    /** The worker was asked to leave, or its control channel closed. Details: {@code reason}. */
    DISCONNECT("disconnect"),
    /** The process ended. Details: {@code code}, {@code signal}, {@code expected}, {@code uptimeMs}. */
    EXIT("exit"),
    /** An app's target size changed, and again when it is reached. Details: {@code from}, {@code to}, {@code done}. */
    RESIZE("resize"),
    /**
     * A rolling restart was queued, began, or ended. Details: {@code phase} (queued, begin, done,
     * failed), {@code ids} (planned ids for queued/begin, replaced ids for done/failed),
     * {@code started} (done/failed), {@code reason} (failed), {@code apps}. {@code app} is set
     * when the restart covers one app.
     */
    RESTART("restart"),
    /** A worker waits before its next fork. Details: {@code delayMs}, {@code reason}. */
    BACKOFF("backoff"),
    /** A worker or app was given up on until an operator acts. Details: {@code reason}. */
    FATAL("fatal"),
    /**
     * Workers of an app die younger than the minimum restart age ({@code active: true}), or the
     * app is out of it again ({@code active: false}). Details: {@code active}, {@code reason}.
     */
    DANGER("danger"),
    /** A liveness or readiness probe failed. Details: {@code kind}, {@code error}. */
    PROBE("probe"),
    /** An app was added ({@code action: start}, with {@code size}) or deleted ({@code action: delete}). */
    APP("app"),
    /** A worker sent a message on its control channel ({@code ZPM_CONTROL}). Details: {@code data}. */
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
