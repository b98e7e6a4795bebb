package zpm.repl.render;

/**
 * The console's prompt: where it is connected and how many apps are there, or that it is not;
 * connected to a fleet, how many nodes it has (any node answers for all of them).
 */
public final class Prompt {

    /** The connection as the prompt shows it. */
    public enum Link { UP, RECONNECTING, DOWN }

    private Prompt() {
    }

    /**
     * "zpm 127.0.0.1:7700 (3 apps)> ", "zpm 127.0.0.1:7700 (disconnected)> ".
     *
     * @param apps the app count, or negative when not known yet
     */
    public static String text(String address, Link link, int apps, boolean color) {
        return text(address, link, apps, 1, color);
    }

    /**
     * As above; with more than one node, "zpm fleet 3 nodes> " (the app count is per node, so
     * it is left out), "zpm fleet 3 nodes (disconnected)> ".
     *
     * @param nodes the fleet's node count as {@code nodes} last said (0 or 1: not a fleet)
     */
    public static String text(String address, Link link, int apps, int nodes, boolean color) {
        String where = nodes > 1 ? "fleet " + nodes + " nodes" : address;
        String state;
        if (link == Link.UP) {
            state = apps < 0 || nodes > 1 ? "" : " (" + apps + (apps == 1 ? " app)" : " apps)");
        } else {
            String word = link == Link.RECONNECTING ? "disconnected, reconnecting" : "disconnected";
            state = " " + Style.RED.apply("(" + word + ")", color);
        }
        return Style.BOLD.apply("zpm", color) + " " + where + state + "> ";
    }
}
