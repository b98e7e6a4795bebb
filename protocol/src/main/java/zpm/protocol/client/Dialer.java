package zpm.protocol.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import static zpm.protocol.client.ZpmClientException.Kind;
import static zpm.protocol.client.ZpmClientException.human;

/** Opens the socket (and the TLS session) and turns every failure into one actionable line. */
final class Dialer {

    private Dialer() {
    }

    static String where(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static Socket open(String host, int port, SSLContext tls, Duration connectTimeout) {
        String where = where(host, port);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(socket);
            throw connectFailure(host, where, connectTimeout, e);
        }
        return tls == null ? socket : handshake(socket, host, port, tls, connectTimeout);
    }

    private static ZpmClientException connectFailure(String host, String where, Duration timeout, IOException e) {
        if (e instanceof UnknownHostException) {
            return new ZpmClientException(Kind.UNREACHABLE, "unknown host \"" + host + "\": check the address", e);
        }
        if (e instanceof ConnectException) {
            return new ZpmClientException(Kind.CONNECT_REFUSED, "nothing is listening on " + where
                    + ": is the agent running? (start it with bin/zpm-agent)", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new ZpmClientException(Kind.UNREACHABLE, "no answer from " + where + " within "
                    + human(timeout) + ": check the host, the port and any firewall", e);
        }
        return new ZpmClientException(Kind.UNREACHABLE, "cannot reach " + where + ": " + e.getMessage(), e);
    }

    private static Socket handshake(Socket plain, String host, int port, SSLContext tls, Duration timeout) {
        String where = where(host, port);
        try {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            // Check that the certificate names the host we dialled, as a browser would.
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.setSoTimeout((int) timeout.toMillis());
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            return ssl;
        } catch (IOException e) {
            closeQuietly(plain);
            throw handshakeFailure(where, timeout, e);
        }
    }

    private static ZpmClientException handshakeFailure(String where, Duration timeout, IOException e) {
        String msg = String.valueOf(e.getMessage());
        if (e instanceof SocketTimeoutException) {
            // A plain NDJSON server waits for a newline that a TLS ClientHello never sends.
            return new ZpmClientException(Kind.TLS_MISMATCH, "no TLS answer from " + where + " within "
                    + human(timeout) + ": the agent may not use TLS (connect without TLS)", e);
        }
        if (msg.contains("plaintext") || msg.contains("Unsupported or unrecognized SSL message")) {
            return new ZpmClientException(Kind.TLS_MISMATCH, "the agent at " + where
                    + " does not speak TLS (it answered in plain text): connect without TLS", e);
        }
        if (e instanceof EOFException || e instanceof SocketException) {
            return new ZpmClientException(Kind.TLS_MISMATCH, "the agent at " + where
                    + " closed the connection during the TLS handshake: does it use TLS?", e);
        }
        if (e instanceof SSLException) {
            return new ZpmClientException(Kind.TLS_MISMATCH, "TLS handshake with " + where + " failed ("
                    + msg + "): check the agent's certificate and the client's trust store", e);
        }
        return new ZpmClientException(Kind.DISCONNECTED, "lost the connection to " + where
                + " during the TLS handshake: " + msg, e);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing is best effort: the socket is being given up anyway.
        }
    }
}
