package zpm.protocol.event;

/** Where events are published on the agent's event bus. */
public final class EventAddresses {

    /** Every event of the agent. */
    public static final String ALL = "zpm.events";
    /**
     * On a clustered agent's own (not clustered) event bus: the other nodes' events, as they reach
     * this node (each carries its {@code node}); {@link #fleetForApp} per app.
     */
    public static final String FLEET = "zpm.fleet.events";

    private EventAddresses() {
    }

    /** The events of one app. */
    public static String forApp(String app) {
        return ALL + "." + app;
    }

    /** The other nodes' events of one app (see {@link #FLEET}). */
    public static String fleetForApp(String app) {
        return FLEET + "." + app;
    }
}
