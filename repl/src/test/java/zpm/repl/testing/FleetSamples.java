package zpm.repl.testing;

/** Answers of a 3-node fleet (a, b, c; the console connected to a) as the wire shows them. */
public final class FleetSamples {

    /** status from a: rows of a and b (ids are per node: both have a worker 1), c did not answer. */
    public static final String STATUS = "{\"workers\":["
            + worker("b", 1, 0, "web", 5001, "online") + ","
            + worker("a", 1, 0, "web", 4001, "online") + ","
            + worker("a", 2, 1, "web", 4002, "online") + ","
            + worker("b", 3, 0, "api", 5003, "starting") + "],"
            + "\"unreachable\":[{\"node\":\"c\",\"error\":\"did not answer within 3000 ms\"}]}";

    public static final String CONNECTIONS = "{\"workers\":["
            + "{\"node\":\"a\",\"id\":1,\"app\":\"web\",\"slot\":0,\"connections\":2,\"ports\":[8080]},"
            + "{\"node\":\"b\",\"id\":1,\"app\":\"web\",\"slot\":0,\"connections\":5,\"ports\":[8080]}],\"total\":7}";

    public static final String APPS = "{\"apps\":["
            + app("a", "web", 2) + "," + app("b", "web", 1) + "," + app("b", "api", 1) + "]}";

    public static final String NODES = "{\"nodes\":["
            + "{\"name\":\"a\",\"address\":\"127.0.0.1:15701\",\"version\":\"0.1.0\",\"uptimeMs\":192000,\"apps\":1,"
            + "\"workers\":2,\"state\":\"up\",\"self\":true},"
            + "{\"name\":\"b\",\"address\":\"127.0.0.1:15702\",\"version\":\"0.1.0\",\"uptimeMs\":65000,\"apps\":2,"
            + "\"workers\":2,\"state\":\"up\",\"self\":false},"
            + "{\"name\":\"c\",\"address\":\"127.0.0.1:15703\",\"version\":\"0.1.0\",\"uptimeMs\":null,\"apps\":null,"
            + "\"workers\":null,\"state\":\"unreachable\",\"self\":false}]}";

    /** A lone agent's status: every row of one node. */
    public static final String LONE_STATUS = "{\"workers\":[" + worker("h", 1, 0, "web", 4001, "online") + ","
            + worker("h", 2, 1, "web", 4002, "online") + "]}";

    private FleetSamples() {
    }

    private static String worker(String node, int id, int slot, String app, int pid, String state) {
        return "{\"node\":\"" + node + "\",\"id\":" + id + ",\"slot\":" + slot + ",\"app\":\"" + app + "\",\"pid\":" + pid
                + ",\"state\":\"" + state + "\",\"uptimeMs\":1000,\"restarts\":0,\"lastExit\":null,\"reason\":null,"
                + "\"cpu\":null,\"rssBytes\":null,\"connections\":0}";
    }

    private static String app(String node, String name, int size) {
        return "{\"node\":\"" + node + "\",\"name\":\"" + name + "\",\"state\":\"running\",\"size\":" + size
                + ",\"workers\":" + size + ",\"online\":" + size + ",\"spec\":{\"command\":[\"sleep\",\"1000\"]},"
                + "\"reason\":null}";
    }
}
