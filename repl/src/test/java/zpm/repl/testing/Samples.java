package zpm.repl.testing;

/** Results as the agent sends them, for rendering and command tests. */
public final class Samples {

    /** A status result: one online, one in backoff, one starting worker. */
    public static final String STATUS = "{\"workers\":["
            + "{\"id\":1,\"slot\":0,\"app\":\"web\",\"pid\":4242,\"state\":\"online\",\"uptimeMs\":192000,\"restarts\":0,"
            + "\"lastExit\":null,\"reason\":null,\"cpu\":0.26,\"rssBytes\":47290000,\"connections\":2},"
            + "{\"id\":7,\"slot\":1,\"app\":\"web\",\"pid\":null,\"state\":\"backoff\",\"uptimeMs\":0,\"restarts\":3,"
            + "\"lastExit\":{\"code\":1,\"signal\":null,\"expected\":false,\"uptimeMs\":900},\"reason\":\"crashed: code=1\","
            + "\"cpu\":null,\"rssBytes\":null,\"connections\":0},"
            + "{\"id\":9,\"slot\":0,\"app\":\"api\",\"pid\":4300,\"state\":\"starting\",\"uptimeMs\":850,\"restarts\":0,"
            + "\"lastExit\":null,\"reason\":null,\"cpu\":null,\"rssBytes\":1048576,\"connections\":0}]}";

    private Samples() {
    }
}
