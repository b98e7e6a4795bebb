package zpm.repl.render;

/** The colors of worker and app states: green is fine, yellow is on its way, red needs you. */
public final class States {

    private States() {
    }

    public static Style ofWorker(String state) {
        switch (state) {
            case "online":
                return Style.GREEN;
            case "starting":
            case "stopping":
                return Style.YELLOW;
            case "backoff":
                return Style.MAGENTA;
            case "fatal":
                return Style.BOLD_RED;
            case "exited":
                return Style.DIM;
            default:
                return Style.PLAIN;
        }
    }

    public static Style ofApp(String state) {
        switch (state) {
            case "running":
                return Style.GREEN;
            case "resizing":
            case "restarting":
                return Style.YELLOW;
            case "danger":
                return Style.RED;
            case "fatal":
                return Style.BOLD_RED;
            case "stopped":
                return Style.DIM;
            default:
                return Style.PLAIN;
        }
    }
}
