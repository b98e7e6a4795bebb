package zpm.agent.rpc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket at /rpc over a plain socket, frame by frame: what a broken or hostile client can
 * send (unmasked frames, fragments, bytes that are not UTF-8) that a WebSocket library never would.
 */
public final class RawWebSocket implements AutoCloseable {

    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    /** One server frame; server frames are never masked. */
    public record Frame(int opcode, byte[] payload) {
        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    public final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and upgrades; fails unless the answer is 101. */
    public static RawWebSocket open(int httpPort) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", httpPort), 10_000);
            s.setSoTimeout(RawClient.READ_TIMEOUT_MS);
            s.getOutputStream().write(SocketFlood.WEBSOCKET_UPGRADE.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("no upgrade: " + head);
            }
            return new RawWebSocket(s);
        } catch (IOException e) {
            quietly(s);
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("closed during the upgrade: " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** A whole message in one final frame. */
    public void send(int opcode, byte[] payload, boolean masked) throws IOException {
        sendFrame(opcode, payload, masked, true);
    }

    /** One frame; {@code fin} false leaves the message open for continuation frames (opcode 0). */
    public void sendFrame(int opcode, byte[] payload, boolean masked, boolean fin) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            f.write(maskBit | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        if (masked) {
            f.writeBytes(MASK);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(masked ? payload[i] ^ MASK[i % 4] : payload[i]);
        }
        socket.getOutputStream().write(f.toByteArray());
        socket.getOutputStream().flush();
    }

    /** The next frame from the server. */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = (int) in.readLong();
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    @Override
    public void close() {
        quietly(socket);
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
