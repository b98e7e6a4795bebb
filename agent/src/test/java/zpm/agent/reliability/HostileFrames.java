package zpm.agent.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile texts for {@link ProtocolFuzzIT}, each with what the agent may answer: random bytes,
 * truncated JSON, deep nesting, huge strings and lines, odd ids, broken envelopes, unknown
 * methods, notifications and batches. Code 0 stands for a result.
 */
final class HostileFrames {

    static final int RESULT = 0;
    static final Set<String> ALL = Set.of("tcp", "websocket", "http");

    /**
     * A text to send, the codes its answers may carry, how many answers it may get (a batch is
     * one), and the transports it goes over.
     */
    record Frame(String name, byte[] text, Set<Integer> codes, int minAnswers, int maxAnswers, Set<String> transports) {
        static Frame of(String name, String text, Set<Integer> codes) {
            return new Frame(name, text.getBytes(StandardCharsets.UTF_8), codes, 1, 1, ALL);
        }

        Frame over(Set<String> only) {
            return new Frame(name, text, codes, minAnswers, maxAnswers, only);
        }

        Frame answers(int min, int max) {
            return new Frame(name, text, codes, min, max, transports);
        }
    }

    static final List<String> VALID = List.of(req("1", "status", null), req("\"a\"", "status", "{\"target\": \"sleepy\"}"),
            req("3", "apps.list", null), "[" + req("4", "agent.info", null) + ", " + req("5", "status", null) + "]");
    static final List<String> ODD_IDS_KEPT = List.of("1.5", "-7", "1e400", "123456789012345678901234567890", "-0",
            "\"\"", "\"\\u00fc\\ud83d\\ude00\"", "0.000001", "9223372036854775808");
    static final List<String> ODD_IDS_REFUSED = List.of("{}", "{\"a\": 1}", "[1]", "[]", "true", "false");

    private HostileFrames() {
    }

    static String req(String id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    /** One random hostile frame. */
    static Frame next(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> randomBytes(r);
            case 1 -> truncated(r);
            case 2 -> deep(r);
            case 3 -> Frame.of("huge string", req("7", "status", "{\"target\": \"" + "x".repeat(900_000) + "\"}"),
                    Set.of(-32010, -32602));
            case 4 -> overLong(r);
            case 5 -> oddId(r);
            case 6 -> envelope(r);
            case 7 -> Frame.of("unknown method", req("8", randomName(r), null), Set.of(-32601));
            case 8 -> notification(r);
            case 9 -> batch(r);
            case 10 -> manyLines(r);
            default -> Frame.of("valid, split", VALID.get(r.nextInt(VALID.size())), Set.of(RESULT)).over(Set.of("tcp-split", "websocket-split"));
        };
    }

    private static Frame randomBytes(Random r) {
        byte[] b = new byte[1 + r.nextInt(300)];
        r.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = 'n';
            }
        }
        b[0] = (byte) ('!' + r.nextInt(94)); // not blank: a blank line gets no answer
        // The WebSocket closes after a text that is not UTF-8 (RFC 6455; ProtocolEdgesIT): TCP and HTTP only.
        return new Frame("random bytes", b, Set.of(-32700, -32600), 1, 1, Set.of("tcp", "http"));
    }

    private static Frame truncated(Random r) {
        String valid = VALID.get(r.nextInt(VALID.size()));
        return Frame.of("truncated JSON", valid.substring(0, 1 + r.nextInt(valid.length() - 1)), Set.of(-32700));
    }

    private static Frame deep(Random r) {
        int depth = List.of(1_000, 10_000, 100_000).get(r.nextInt(3));
        return switch (r.nextInt(4)) {
            case 0 -> Frame.of("deep arrays " + depth, "[".repeat(depth) + "]".repeat(depth), Set.of(-32700, -32600));
            case 1 -> Frame.of("deep objects " + depth, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), Set.of(-32700, -32600));
            case 2 -> Frame.of("deep params " + depth, req("9", "status", "{\"target\":" + "[".repeat(depth) + "]".repeat(depth) + "}"),
                    Set.of(-32700, -32602));
            default -> Frame.of("deep, unclosed " + depth, "[".repeat(depth), Set.of(-32700));
        };
    }

    /**
     * Past the 1 MiB limit: -32004, and the connection goes on (over HTTP a 413). Sent as one
     * WebSocket frame, the text stays under the server's frame limit (1 MiB + 64 KiB), past which
     * the WebSocket layer closes the socket by design: the pad's range leaves room for the request
     * around it (a pad near the top of a 64 KiB range made a 1,114,117-byte frame, 5 bytes over).
     */
    private static Frame overLong(Random r) {
        int size = 1024 * 1024 + 1 + r.nextInt(60 * 1024);
        String pad = "x".repeat(size);
        return Frame.of("over-long line", req("10", "status", "{\"pad\":\"" + pad + "\"}"), Set.of(-32004));
    }

    private static Frame oddId(Random r) {
        if (r.nextBoolean()) {
            String id = ODD_IDS_KEPT.get(r.nextInt(ODD_IDS_KEPT.size()));
            return Frame.of("id " + id, req(id, "agent.info", null), Set.of(RESULT));
        }
        String id = ODD_IDS_REFUSED.get(r.nextInt(ODD_IDS_REFUSED.size()));
        return Frame.of("id " + id, req(id, "agent.info", null), Set.of(-32600));
    }

    private static Frame envelope(Random r) {
        List<String> bad = List.of("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"status\"}", "{\"id\":1,\"method\":\"status\"}",
                "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"status\"}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":[\"status\"]}", "{}", "[]", "\"text\"", "42", "null", "true",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"jsonrpc\":\"2.0\"}");
        return Frame.of("envelope", bad.get(r.nextInt(bad.size())), Set.of(-32600, -32700));
    }

    private static Frame notification(Random r) {
        String method = r.nextBoolean() ? "status" : randomName(r);
        return Frame.of("notification", "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}", Set.of()).answers(0, 0);
    }

    private static Frame batch(Random r) {
        int n = r.nextInt(4) == 0 ? 101 : 1 + r.nextInt(100);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append(r.nextBoolean() ? req(String.valueOf(100 + i), "agent.info", null) : "1");
        }
        return Frame.of("batch of " + n, b.append(']').toString(), Set.of(RESULT, -32600, -32004));
    }

    /** Many requests in one write: each answered (TCP: lines; a WebSocket message or HTTP body holds one text). */
    private static Frame manyLines(Random r) {
        int n = 2 + r.nextInt(60);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "\n" : "").append(req(String.valueOf(200 + i), "status", "{\"target\":\"sleepy\"}"));
        }
        return Frame.of(n + " requests in one write", b.toString(), Set.of(RESULT, -32004)).answers(n, n).over(Set.of("tcp"));
    }

    private static String randomName(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(30); i > 0; i--) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return r.nextBoolean() ? b.toString() : b + "\\u0000\\ud800";
    }
}
