package zpm.repl;

import zpm.repl.command.UsageException;

/**
 * The agent's address as typed: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code :PORT},
 * {@code PORT} or {@code HOST} (port 7700).
 */
public record Endpoint(String host, int port) {

    public static final int DEFAULT_PORT = 7700;
    public static final Endpoint DEFAULT = new Endpoint("127.0.0.1", DEFAULT_PORT);

    public static Endpoint parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw bad(text);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text);
            }
            String rest = s.substring(close + 1);
            int port = rest.isEmpty() ? DEFAULT_PORT : rest.startsWith(":") ? port(rest.substring(1), text) : -1;
            if (port < 0) {
                throw bad(text);
            }
            return new Endpoint(s.substring(1, close), port);
        }
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && s.indexOf(':') != colon) {
            throw new UsageException("put an IPv6 address in brackets, e.g. [::1]:7700 (got " + text + ")");
        }
        if (colon >= 0) {
            String host = s.substring(0, colon);
            return new Endpoint(host.isEmpty() ? "127.0.0.1" : host, port(s.substring(colon + 1), text));
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return new Endpoint("127.0.0.1", port(s, text));
        }
        return new Endpoint(s, DEFAULT_PORT);
    }

    /** True for addresses of this machine's loopback, where the agent's token file is readable. */
    public boolean isLocal() {
        return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || host.startsWith("127.");
    }

    /** "127.0.0.1:7700", "[::1]:7700". */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int port(String p, String text) {
        if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
            throw bad(text);
        }
        int v = Integer.parseInt(p);
        if (v < 1 || v > 65_535) {
            throw new UsageException("the port must be from 1 to 65535 (got " + text + ")");
        }
        return v;
    }

    private static UsageException bad(String text) {
        return new UsageException("not an agent address: \"" + text + "\" (give HOST:PORT, e.g. 127.0.0.1:7700)");
    }
}
