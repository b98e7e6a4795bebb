package zpm.examples.workers;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request heads (request line and header fields, RFC 9112) from a stream, one at a
 * time, leaving the stream at the first byte of the body. Limits keep a misbehaving client
 * from making the worker buffer without bound.
 */
final class HttpRequestParser {

    static final int MAX_HEAD_BYTES = 8 * 1024;
    static final int MAX_HEADERS = 100;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/(\\d)\\.(\\d)");

    /** A request this server will not serve; {@code status} is the answer to send before closing. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * @return the next request's head, or null when the stream ends cleanly before one starts
     *         (the client closed a keep-alive connection)
     * @throws BadRequest  the head is malformed, too large, or not HTTP/1.x
     * @throws EOFException the stream ended in the middle of a head
     */
    HttpRequest readBlocking(InputStream in) throws IOException, BadRequest {
        int[] budget = {MAX_HEAD_BYTES};
        String line = readLine(in, budget);
        // RFC 9112 2.2: ignore empty lines before a request line (some clients send a CRLF
        // after a body).
        while (line != null && line.isEmpty()) {
            line = readLine(in, budget);
        }
        if (line == null) {
            return null;
        }
        String[] parts = requestLine(line);
        int minor = version(parts[2]);
        Map<String, String> headers = headers(in, budget);
        checkFraming(headers, minor);
        return new HttpRequest(parts[0], parts[1], minor, headers);
    }

    private static String[] requestLine(String line) throws BadRequest {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()) {
            throw new BadRequest(400, "malformed request line");
        }
        // Origin form only ("/path?query"): this is a server, not a proxy.
        if (!parts[1].startsWith("/")) {
            throw new BadRequest(400, "the request target must start with '/'");
        }
        return parts;
    }

    private static int version(String text) throws BadRequest {
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            throw new BadRequest(400, "malformed HTTP version");
        }
        if (!m.group(1).equals("1")) {
            throw new BadRequest(505, "only HTTP/1.x is served");
        }
        return Integer.parseInt(m.group(2));
    }

    private static Map<String, String> headers(InputStream in, int[] budget) throws IOException, BadRequest {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int count = 0; ; count++) {
            String line = readLine(in, budget);
            if (line == null) {
                throw new EOFException("the stream ended inside a request head");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_HEADERS) {
                throw new BadRequest(431, "more than " + MAX_HEADERS + " header fields");
            }
            int colon = line.indexOf(':');
            // A leading space is obsolete line folding; a space before the colon is a
            // request-smuggling trick. RFC 9112 5.1 and 5.2 say reject both.
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new BadRequest(400, "malformed header field");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    /** Where the body ends must be certain, or the next request on the connection is misread. */
    private static void checkFraming(Map<String, String> headers, int minor) throws BadRequest {
        if (headers.containsKey("transfer-encoding")) {
            throw new BadRequest(501, "Transfer-Encoding is not supported; send Content-Length");
        }
        String length = headers.get("content-length");
        if (length != null && !length.matches("\\d{1,18}")) {
            // Also catches "5, 7": two different lengths joined by headers().
            throw new BadRequest(400, "malformed Content-Length");
        }
        if (minor >= 1 && !headers.containsKey("host")) {
            throw new BadRequest(400, "HTTP/1.1 requests need a Host header");
        }
    }

    /**
     * One line without its terminator (CRLF, or a bare LF, which RFC 9112 2.2 allows a
     * recipient to accept). Null at end of stream before any byte of the line.
     */
    private static String readLine(InputStream in, int[] budget) throws IOException, BadRequest {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the stream ended inside a line");
            }
            if (--budget[0] < 0) {
                throw new BadRequest(431, "request head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        // Field values are octets; ISO-8859-1 maps each to one char and never fails.
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }
}
