package zpm.examples.fleet;

import java.util.Arrays;
import java.util.List;

/**
 * The fleet subscriber's command line: {@code --join H:P,... [--host H] --port P [--cert F --key F
 * --ca F] [--app NAME]}.
 *
 * @param join the fleet's members (the {@code join} list of its nodes)
 * @param host this member's interface (default 127.0.0.1)
 * @param port this member's Hazelcast port
 * @param app  only the events of this app (address {@code zpm.events.<app>}), or null for all
 */
record SubscriberArgs(List<String> join, String host, int port, String cert, String key, String ca, String app) {

    static final String USAGE = "usage: FleetSubscriber --join HOST:PORT,... [--host H] --port P"
            + " [--cert F --key F --ca F] [--app NAME]";

    static SubscriberArgs parse(String[] args) {
        List<String> join = null;
        String host = "127.0.0.1";
        int port = -1;
        String cert = null;
        String key = null;
        String ca = null;
        String app = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--join" -> join = Arrays.asList(v.split(","));
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--cert" -> cert = v;
                case "--key" -> key = v;
                case "--ca" -> ca = v;
                case "--app" -> app = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        if (join == null || port < 0) {
            throw new IllegalArgumentException("--join and --port are required; " + USAGE);
        }
        if ((cert == null) != (key == null) || (cert == null) != (ca == null)) {
            throw new IllegalArgumentException("--cert, --key and --ca go together (the fleet's TLS); " + USAGE);
        }
        return new SubscriberArgs(join, host, port, cert, key, ca, app);
    }
}
