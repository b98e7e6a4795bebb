package zpm.examples.workers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The head of one HTTP/1.x request, as read by {@link HttpRequestParser}.
 *
 * @param method  e.g. {@code GET}, case-sensitive as HTTP says
 * @param target  the request target as sent, e.g. {@code /slow?ms=100}
 * @param minor   the minor version: 1 for HTTP/1.1, 0 for HTTP/1.0
 * @param headers lower-case names; repeated fields joined with {@code ", "}
 */
record HttpRequest(String method, String target, int minor, Map<String, String> headers) {

    HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** The target without its query. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The first value of a query parameter, percent-decoded. */
    Optional<String> query(String name) {
        int q = target.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        return Arrays.stream(target.substring(q + 1).split("&"))
                .map(pair -> pair.split("=", 2))
                .filter(kv -> decode(kv[0]).equals(name))
                .map(kv -> kv.length == 2 ? decode(kv[1]) : "")
                .findFirst();
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the client wants the connection kept after the response: HTTP/1.1 keeps it unless
     * it says {@code Connection: close}; HTTP/1.0 closes unless it says {@code keep-alive}.
     */
    boolean keepAlive() {
        String connection = header("connection");
        if (minor >= 1) {
            return !hasToken(connection, "close");
        }
        return hasToken(connection, "keep-alive");
    }

    /** The body's length from {@code Content-Length} (already checked by the parser), else 0. */
    long contentLength() {
        String value = header("content-length");
        return value == null ? 0 : Long.parseLong(value);
    }

    private static boolean hasToken(String list, String token) {
        return list != null && Arrays.stream(list.split(","))
                .anyMatch(t -> t.trim().equalsIgnoreCase(token));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%': keep the raw text rather than fail the whole request
        }
    }
}
