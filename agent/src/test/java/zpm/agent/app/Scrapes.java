package zpm.agent.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** GET requests to an agent's HTTP listener, the metrics text as series → value, and promtool. */
final class Scrapes {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private Scrapes() {
    }

    /** GET {@code path}; {@code token} and {@code accept} may be null. */
    static HttpResponse<String> get(int port, String path, String token, String accept) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            req.header("Accept", accept);
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample line of a Prometheus text page: the series as written (name and labels) → value. */
    static Map<String, Double> series(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** {@code promtool check metrics} on the text: its exit code and what it printed. */
    static String promtoolCheck(Path dir, String text) throws IOException, InterruptedException {
        Path in = Files.writeString(Files.createTempFile(dir, "metrics", ".txt"), text);
        Path out = dir.resolve("promtool.out");
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectInput(in.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool check metrics still running after 60 s");
        }
        return "exit " + p.exitValue() + (Files.size(out) == 0 ? "" : ": " + Files.readString(out).strip());
    }

    static boolean promtoolMissing() {
        return !Files.isExecutable(PROMTOOL);
    }

    static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
