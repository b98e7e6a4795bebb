package zpm.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A scripted run against a canned agent in this process, so that bin/zpm-repl can record the
 * classes a scripted run loads into an AppCDS archive ({@code -XX:ArchiveClassesAtExit}) once,
 * without a real agent. The next runs map them from the archive: start-up drops by about half.
 */
public final class ConsoleCdsTraining {

    private static final String WORKER = "{\"id\":1,\"slot\":0,\"app\":\"web\",\"pid\":42,\"state\":\"online\","
            + "\"uptimeMs\":61000,\"restarts\":0,\"lastExit\":null,\"reason\":null,\"cpu\":0.5,\"rssBytes\":1048576,"
            + "\"connections\":1}";

    private ConsoleCdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread agent = new Thread(() -> serve(server), "canned-agent");
            agent.setDaemon(true);
            agent.start();
            String address = "127.0.0.1:" + server.getLocalPort();
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            Path token = Files.createTempFile("zpm-cds", ".token");
            // zpm start FILE reads apps from JSON or YAML: both readers go into the archive too
            Path json = Files.createTempFile("zpm-cds", ".json");
            Path yaml = Files.createTempFile("zpm-cds", ".yaml");
            try {
                Files.writeString(token, "t\n");
                Files.writeString(json, "{\"apps\": [{\"name\": \"web\", \"command\": [\"sleep\", \"1\"]}]}");
                Files.writeString(yaml, "apps:\n  - name: web\n    command: [sleep, \"1\"]\n");
                for (String mode : new String[] {"--no-color", "--json"}) {
                    Main.run(new String[] {"connect", address, "--token-file", token.toString(), mode, "-c",
                            "status; status web; apps; info; nodes; start --file " + json + "; start --file " + yaml},
                            System.in, sink, sink, System.getenv(), System.getProperty("user.home"),
                            Tty.stdinIsTerminal());
                }
            } finally {
                Files.deleteIfExists(token);
                Files.deleteIfExists(json);
                Files.deleteIfExists(yaml);
            }
        }
        System.exit(0); // as Main does: the archive is written at exit
    }

    private static void serve(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((answer(line) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A made-up result for each method (read from the request's text: no JSON parser needed here). */
    private static String answer(String request) {
        int at = request.indexOf("\"id\":");
        String id = request.substring(at + 5).split("[,}]")[0];
        String result;
        if (request.contains("\"status\"")) {
            result = "{\"workers\":[" + WORKER + "]}";
        } else if (request.contains("\"apps.list\"")) {
            result = "{\"apps\":[{\"name\":\"web\",\"state\":\"running\",\"size\":1,\"workers\":1,\"online\":1,"
                    + "\"reason\":null,\"spec\":{\"command\":[\"sleep\",\"1\"]}}]}";
        } else if (request.contains("\"nodes\"")) {
            result = "{\"nodes\":[{\"name\":\"vm\",\"address\":null,\"version\":\"x\",\"uptimeMs\":5,\"apps\":1,"
                    + "\"workers\":1,\"state\":\"up\",\"self\":true}]}";
        } else if (request.contains("\"agent.info\"")) {
            result = "{\"version\":\"x\",\"pid\":1,\"uptimeMs\":5,\"rssBytes\":9,\"apps\":[\"web\"]}";
        } else {
            result = "{\"ok\":true}";
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }
}
