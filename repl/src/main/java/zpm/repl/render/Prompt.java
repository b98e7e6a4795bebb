package zpm.repl.render;

/** The console's prompt: where it is connected and how many apps are there, or that it is not. */
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
        String state;
        if (link == Link.UP) {
            state = apps < 0 ? "" : " (" + apps + (apps == 1 ? " app)" : " apps)");
        } else {
            String word = link == Link.RECONNECTING ? "disconnected, reconnecting" : "disconnected";
            state = " " + Style.RED.apply("(" + word + ")", color);
        }
        return Style.BOLD.apply("zpm", color) + " " + address + state + "> ";
    }
}
