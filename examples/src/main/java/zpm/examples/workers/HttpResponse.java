package zpm.examples.workers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response with a small body, encoded in one piece so it goes out in one write.
 *
 * @param status  e.g. 200
 * @param body    plain text, UTF-8
 * @param headers extra header fields, e.g. {@code Allow}
 */
record HttpResponse(int status, String body, Map<String, String> headers) {

    HttpResponse {
        headers = Map.copyOf(headers);
    }

    static HttpResponse text(int status, String body) {
        return new HttpResponse(status, body, Map.of());
    }

    /**
     * The bytes on the wire. {@code Content-Length} is always sent, so the client knows where the
     * response ends without the connection closing; {@code Connection} says whether it will.
     *
     * @param headOnly an answer to HEAD: the same header fields, no body
     */
    byte[] encode(boolean keepAlive, boolean headOnly) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n")
                .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (headOnly) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
