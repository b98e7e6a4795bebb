package zpm.protocol.event;

/** Where events are published on the agent's event bus. */
public final class EventAddresses {

    /** Every event of the agent. */
    public static final String ALL = "zpm.events";

    private EventAddresses() {
    }

    /** The events of one app. */
    public static String forApp(String app) {
        return ALL + "." + app;
    }
}
