package zpm.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A listen address, written {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (loopback).
 * Port 0 is allowed: the OS picks a free port, which tests rely on.
 */
public record HostPort(String host, int port) {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.-]+)?");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535 (got " + port + ")");
        }
    }

    /**
     * Parses {@code 127.0.0.1:7700}, {@code localhost:7700}, {@code [::1]:7700} or {@code :7700}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and shows the forms
     */
    public static HostPort parse(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw bad(text, "no port");
        }
        String host = hostPart(text, s.substring(0, colon));
        String portText = s.substring(colon + 1);
        if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65_535) {
            throw bad(text, "the port must be a number from 0 to 65535");
        }
        return new HostPort(host, Integer.parseInt(portText));
    }

    private static String hostPart(String text, String host) {
        if (host.isEmpty()) {
            return LOOPBACK;
        }
        if (host.startsWith("[")) {
            String inner = host.endsWith("]") ? host.substring(1, host.length() - 1) : "";
            if (!inner.contains(":") || !IPV6.matcher(inner).matches()) {
                throw bad(text, "brackets must hold an IPv6 address, e.g. [::1]");
            }
            return inner;
        }
        if (host.contains(":")) {
            throw bad(text, "put an IPv6 address in brackets, e.g. [::1]:7700");
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw bad(text, "\"" + host + "\" is not a host name or IP address");
        }
        return host;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad address \"" + text + "\": " + why
                + " (expected HOST:PORT, e.g. 127.0.0.1:7700, [::1]:7700, or :7700 for 127.0.0.1)");
    }

    /**
     * True for localhost, 127.0.0.0/8 and ::1. Other host names count as not loopback: no DNS
     * lookup is made here, and the safe answer for a name is "reachable from outside".
     */
    public boolean isLoopback() {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return false;
        }
        try {
            // A literal address: getByName parses it without any lookup.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The same text {@link #parse} accepts, with IPv6 hosts in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
