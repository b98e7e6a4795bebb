package zpm.protocol.client;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/** Settings of a {@link ZpmClient}; defaults: 127.0.0.1:7700, no TLS, no token, 5 s connect, 60 s calls, no reconnect. */
public final class ZpmClientBuilder {
    String host = "127.0.0.1";
    int port = 7700;
    SSLContext tls;
    Supplier<String> token = () -> null;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration callTimeout = Duration.ofSeconds(60);
    boolean reconnect;

    ZpmClientBuilder() {
    }

    public ZpmClientBuilder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    public ZpmClientBuilder port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /** TLS with this context (its trust managers decide which agents to trust), or null for plain TCP. */
    public ZpmClientBuilder tls(SSLContext tls) {
        this.tls = tls;
        return this;
    }

    /** The token sent with {@code auth} on each connect, or null to skip {@code auth}. */
    public ZpmClientBuilder token(String token) {
        this.token = () -> token;
        return this;
    }

    /**
     * Where the token comes from, asked again at every connect and reconnect: a client that read
     * it from a file follows a rotation or a restarted agent's new token. A null answer skips
     * {@code auth}.
     */
    public ZpmClientBuilder token(Supplier<String> source) {
        this.token = Objects.requireNonNull(source, "source");
        return this;
    }

    public ZpmClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /** How long a call waits for its answer (long operations like a rolling restart included). */
    public ZpmClientBuilder callTimeout(Duration timeout) {
        this.callTimeout = positive(timeout, "callTimeout");
        return this;
    }

    /** Reconnect in the background after the connection drops (not after a failed {@link #connect()}). */
    public ZpmClientBuilder reconnect(boolean reconnect) {
        this.reconnect = reconnect;
        return this;
    }

    /** A new, unconnected client: call {@link ZpmClient#connect()}, and {@link ZpmClient#close()} when done. */
    public ZpmClient build() {
        return new ZpmClient(this);
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a positive duration (up to ~24 days), got " + d);
        }
        return d;
    }
}
