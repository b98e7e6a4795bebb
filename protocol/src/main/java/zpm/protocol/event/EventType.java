package zpm.protocol.event;

/** The lifecycle event types of DESIGN.md, with their wire names. */
public enum EventType {
    /** A worker process was spawned. Details: {@code command}. */
    FORK("fork"),
    /** The worker is ready (readiness passed). Details: {@code afterMs}. */
    ONLINE("online"),
    /** The worker bound its port. Details: {@code port}. */
    LISTENING("listening"),
    /** The worker was asked to leave, or its control channel closed. Details: {@code reason}. */
    DISCONNECT("disconnect"),
    /** The process ended. Details: {@code code}, {@code signal}, {@code expected}, {@code uptimeMs}. */
    EXIT("exit"),
    /** An app's target size changed, and again when it is reached. Details: {@code from}, {@code to}, {@code done}. */
    RESIZE("resize"),
    /** A rolling restart began, progressed or finished. Details: {@code phase}, {@code ids}. */
    RESTART("restart"),
    /** A worker waits before its next fork. Details: {@code delayMs}, {@code reason}. */
    BACKOFF("backoff"),
    /** A worker or app was given up on until an operator acts. Details: {@code reason}. */
    FATAL("fatal"),
    /** Workers of an app die younger than the minimum restart age. Details: {@code reason}. */
    DANGER("danger"),
    /** A liveness or readiness probe failed. Details: {@code kind}, {@code error}. */
    PROBE("probe"),
    /** An app was started, stopped or deleted. Details: {@code action}. */
    APP("app");

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
