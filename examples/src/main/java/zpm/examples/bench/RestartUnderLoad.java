package zpm.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import zpm.protocol.client.ZpmClient;

/**
 * A rolling restart of an app under a strict HTTP load ({@link HttpLoad}: no retries), run by
 * examples/bench/http-restart.sh: failed requests, the longest time without a response, and the
 * throughput dip (lowest 100 ms bucket during the restart against the average before it).
 *
 * <p>Flags: {@code --port P --rpc-port R --token-file F [--app hello] [--threads 16]
 * [--keep-alive true] [--before-ms 3000] [--after-ms 3000]}.
 */
public final class RestartUnderLoad {

    private static final long BUCKET_MS = 100;

    private RestartUnderLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("--app", "hello", "--threads", "16", "--keep-alive", "true",
                "--before-ms", "3000", "--after-ms", "3000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        int port = Integer.parseInt(o.get("--port"));
        boolean keepAlive = Boolean.parseBoolean(o.get("--keep-alive"));
        long beforeMs = Long.parseLong(o.get("--before-ms"));
        String token = Files.readString(Path.of(o.get("--token-file"))).trim();
        try (ZpmClient client = ZpmClient.builder().host("127.0.0.1").port(Integer.parseInt(o.get("--rpc-port")))
                .token(token).callTimeout(Duration.ofMinutes(3)).build()) {
            client.connect();
            HttpLoad load = new HttpLoad(port, keepAlive, Integer.parseInt(o.get("--threads")));
            long from;
            long to;
            String answer;
            try {
                Thread.sleep(beforeMs);
                from = load.nowMs();
                answer = client.call("restart", Map.of("target", o.get("--app"))).toString();
                to = load.nowMs();
                Thread.sleep(Long.parseLong(o.get("--after-ms")));
            } finally {
                load.close();
            }
            long[] before = load.perBucket(from - beforeMs + 1000, from, BUCKET_MS); // the first second is warm-up
            long[] during = load.perBucket(from, to, BUCKET_MS);
            double avg = LongStream.of(before).average().orElse(0);
            long min = LongStream.of(during).min().orElse(0);
            List<HttpLoad.Failure> failures = load.failures();
            System.out.printf("keepAlive=%s threads=%s: %d requests, %d failed; restart %d ms; longest gap %d ms; "
                            + "throughput before %.0f/s, lowest 100 ms during the restart %.0f/s (dip %.0f %%)%n",
                    keepAlive, o.get("--threads"), load.ok(), failures.size(), to - from, load.longestGapMs(from, to),
                    avg * 1000 / BUCKET_MS, min * 1000.0 / BUCKET_MS, avg == 0 ? 0 : 100 * (1 - min / avg));
            failures.stream().limit(5).forEach(f -> System.out.println("  failed: " + f));
            System.out.println("  restart answer: " + answer);
        }
    }
}
