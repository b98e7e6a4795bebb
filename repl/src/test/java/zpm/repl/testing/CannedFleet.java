package zpm.repl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON-RPC endpoint on 127.0.0.1 that answers as the node "a" of a 3-node fleet would, with
 * {@link FleetSamples}: the console's side of a fleet without starting three agent JVMs (the
 * real fleet's console test lives with the fleet tests). Any method it does not know: {"ok": true}.
 */
public final class CannedFleet implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket server;
    private final Map<String, String> results = new ConcurrentHashMap<>();

    public CannedFleet() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        results.put("status", FleetSamples.STATUS);
        results.put("connections", FleetSamples.CONNECTIONS);
        results.put("apps.list", FleetSamples.APPS);
        results.put("nodes", FleetSamples.NODES);
        results.put("agent.info", "{\"version\":\"x\",\"host\":\"vm-a\",\"node\":\"a\",\"pid\":1,\"uptimeMs\":5,\"apps\":[\"web\",\"api\"]}");
        results.put("events.subscribe", "{\"subscription\":\"s1\"}");
        Thread t = new Thread(this::serve, "canned-fleet");
        t.setDaemon(true);
        t.start();
    }

    /** Answers {@code method} with {@code result} (JSON text) from now on. */
    public CannedFleet answer(String method, String result) {
        results.put(method, result);
        return this;
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> converse(s), "canned-fleet-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode req = JSON.readTree(line);
                if (!req.has("id")) {
                    continue;
                }
                ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
                resp.set("id", req.get("id"));
                resp.set("result", JSON.readTree(results.getOrDefault(req.path("method").asText(), "{\"ok\":true}")));
                out.write((JSON.writeValueAsString(resp) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // The console closed the connection.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
