package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place JSON-RPC 2.0 text is read and written, for servers ({@link #parse}, the
 * {@code encode} of responses and notifications) and clients ({@link #parseInbound}, the
 * {@code encode} of requests). Everything it writes is compact single-line JSON, safe to send
 * as one NDJSON line. Thread-safe.
 */
public final class JsonRpcCodec {

    /** The value of every message's {@code "jsonrpc"} member. */
    public static final String VERSION = "2.0";

    private static final String RESERVED_PREFIX = "rpc.";
    private static final int SHOWN_MAX = 40;

    public JsonRpcCodec() {
        // Reading and writing go through JsonTree (strict: no trailing text, no duplicate keys),
        // which needs no ObjectMapper: a short-lived client never pays for building one, and the
        // agent never loads one.
    }

    // ---------------------------------------------------------------- server side

    /**
     * Reads one JSON text a client sent. Never throws for bad input: every problem becomes a
     * ready error response in the result.
     *
     * @param text     one TCP line, HTTP body or WebSocket frame
     * @param maxBatch the most messages a batch may hold (at least 1)
     */
    public Incoming parse(String text, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        JsonNode root;
        try {
            root = read(text);
        } catch (JsonProcessingException e) {
            ObjectNode where = JsonNodeFactory.instance.objectNode();
            JsonLocation loc = e.getLocation();
            if (loc != null) {
                where.put("line", loc.getLineNr()).put("column", loc.getColumnNr());
            }
            RpcError err = RpcError.of(ErrorCode.PARSE_ERROR, "not JSON " + describe(e), where.isEmpty() ? null : where);
            return Incoming.single(Incoming.Entry.invalid(Response.fail(NullNode.instance, err)));
        }
        if (root == null) {
            return Incoming.single(invalid(NullNode.instance, ErrorCode.PARSE_ERROR,
                    "empty text: expected a JSON-RPC request object or batch"));
        }
        return root.isArray() ? parseBatch((ArrayNode) root, maxBatch) : Incoming.single(readRequest(root));
    }

    private Incoming parseBatch(ArrayNode batch, int maxBatch) {
        if (batch.isEmpty()) {
            return Incoming.single(invalid(NullNode.instance, ErrorCode.INVALID_REQUEST,
                    "empty batch: a batch must hold at least one request"));
        }
        if (batch.size() > maxBatch) {
            return Incoming.single(invalid(NullNode.instance, ErrorCode.LIMIT_EXCEEDED, "batch of "
                    + batch.size() + " requests is over the limit of " + maxBatch + ": split it into smaller batches"));
        }
        List<Incoming.Entry> entries = new ArrayList<>(batch.size());
        for (JsonNode element : batch) {
            entries.add(readRequest(element));
        }
        return new Incoming(true, entries);
    }

    private Incoming.Entry readRequest(JsonNode n) {
        if (!n.isObject()) {
            return invalid(NullNode.instance, ErrorCode.INVALID_REQUEST,
                    "a request must be a JSON object, not " + kind(n));
        }
        JsonNode id = n.get("id");
        if (id != null && !isValidId(id)) {
            return invalid(NullNode.instance, ErrorCode.INVALID_REQUEST,
                    "\"id\" must be a string, a number or null, not " + kind(id));
        }
        String problem = requestProblem(n);
        if (problem != null) {
            // The id was readable, so the client can match this error to its request.
            return invalid(id == null ? NullNode.instance : id, ErrorCode.INVALID_REQUEST, problem);
        }
        return Incoming.Entry.valid(new Request(id, n.get("method").asText(), n.get("params")));
    }

    /** What is wrong with a request object whose id is fine, or null when nothing is. */
    private static String requestProblem(JsonNode n) {
        String version = versionProblem(n);
        if (version != null) {
            return version;
        }
        JsonNode method = n.get("method");
        if (method == null) {
            return "\"method\" is missing";
        }
        if (!method.isTextual()) {
            return "\"method\" must be a string, not " + kind(method);
        }
        if (method.asText().isEmpty()) {
            return "\"method\" must not be empty";
        }
        if (method.asText().startsWith(RESERVED_PREFIX)) {
            return "method names beginning with \"rpc.\" are reserved (got " + shown(method) + ")";
        }
        JsonNode params = n.get("params");
        if (params != null && !params.isContainerNode()) {
            return "\"params\" must be an object or an array, not " + kind(params);
        }
        return null;
    }

    private static String versionProblem(JsonNode n) {
        JsonNode v = n.get("jsonrpc");
        if (v == null) {
            return "\"jsonrpc\" must be \"2.0\" (it is missing)";
        }
        if (!v.isTextual() || !VERSION.equals(v.asText())) {
            return "\"jsonrpc\" must be \"2.0\", not " + shown(v);
        }
        return null;
    }

    private static Incoming.Entry invalid(JsonNode id, ErrorCode code, String message) {
        return Incoming.Entry.invalid(Response.fail(id, RpcError.of(code, message)));
    }

    private static boolean isValidId(JsonNode id) {
        return id.isTextual() || id.isNumber() || id.isNull();
    }

    // ---------------------------------------------------------------- encoding

    /** One response as a JSON text. A success with a null result is written as {@code "result":null}. */
    public String encode(Response response) {
        return write(toJson(response));
    }

    /** The responses of a batch as a JSON array; null for an empty list, meaning "send nothing". */
    public String encode(List<Response> responses) {
        if (responses.isEmpty()) {
            return null;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        responses.forEach(r -> array.add(toJson(r)));
        return write(array);
    }

    /**
     * The answer to an {@link Incoming}: an array when it was a batch, else its single response;
     * null when there is nothing to send (only notifications).
     */
    public String encodeReplies(boolean batch, List<Response> responses) {
        if (batch || responses.isEmpty()) {
            return encode(responses);
        }
        if (responses.size() > 1) {
            throw new IllegalArgumentException("a non-batch text has one reply, got " + responses.size());
        }
        return encode(responses.get(0));
    }

    /** A server notification as a JSON text (params omitted when null). */
    public String encode(Notification notification) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("jsonrpc", VERSION).put("method", notification.method());
        if (notification.params() != null) {
            n.set("params", notification.params());
        }
        return write(n);
    }

    /** A client request as a JSON text; a null id makes it a notification (no id member). */
    public String encode(Request request) {
        return write(toJson(request));
    }

    /** Client requests as one batch (a JSON array); a batch must not be empty. */
    public String encodeBatch(List<Request> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("an empty batch is invalid JSON-RPC: send at least one request");
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        requests.forEach(r -> array.add(toJson(r)));
        return write(array);
    }

    private ObjectNode toJson(Request r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("jsonrpc", VERSION);
        if (r.id() != null) {
            n.set("id", r.id());
        }
        n.put("method", r.method());
        if (r.params() != null) {
            n.set("params", r.params());
        }
        return n;
    }

    private ObjectNode toJson(Response r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("jsonrpc", VERSION);
        n.set("id", r.id() == null ? NullNode.instance : r.id());
        if (r.error() == null) {
            n.set("result", r.result() == null ? NullNode.instance : r.result());
            return n;
        }
        n.set("error", r.error().toJson());
        return n;
    }

    private String write(JsonNode node) {
        return JsonTree.write(node);
    }

    // ---------------------------------------------------------------- client side

    /**
     * Reads one JSON text a server sent.
     *
     * @throws MalformedMessageException when it is not JSON or not a response, batch of
     *                                   responses or notification
     */
    public Inbound parseInbound(String text) {
        JsonNode root;
        try {
            root = read(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON " + describe(e));
        }
        if (root == null) {
            throw new MalformedMessageException("empty text: expected a JSON-RPC response or notification");
        }
        if (root.isArray()) {
            return Inbound.ofBatch(InboundReader.batch((ArrayNode) root));
        }
        if (!root.isObject()) {
            throw new MalformedMessageException("expected a JSON-RPC object, got " + kind(root));
        }
        return root.has("method") ? Inbound.of(InboundReader.notification(root))
                : Inbound.of(InboundReader.response(root));
    }

    /** Version check shared with {@link InboundReader}. */
    static void requireVersion(JsonNode n) {
        String problem = versionProblem(n);
        if (problem != null) {
            throw new MalformedMessageException(problem);
        }
    }

    static boolean validId(JsonNode id) {
        return isValidId(id);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode read(String text) throws JsonProcessingException {
        try {
            return JsonTree.read(text);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String: no other I/O can fail
        }
    }

    /** "at line L, column C: reason" from a Jackson error, without its source excerpt. */
    private static String describe(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int nl = reason.indexOf('\n');
        if (nl >= 0) {
            reason = reason.substring(0, nl);
        }
        // Jackson names its input source and features in some messages: the client needs neither.
        reason = reason.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "").trim();
        JsonLocation loc = e.getLocation();
        return loc == null ? "(" + reason + ")" : "at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + reason;
    }

    /** "an array", "a string", ... for messages. */
    static String kind(JsonNode n) {
        switch (n.getNodeType()) {
            case ARRAY: return "an array";
            case OBJECT: return "an object";
            case STRING: return "a string (" + shown(n) + ")";
            case NUMBER: return "a number (" + JsonTree.write(n) + ")";
            case BOOLEAN: return "a boolean (" + JsonTree.write(n) + ")";
            case NULL: return "null";
            default: return "a " + n.getNodeType().name().toLowerCase();
        }
    }

    static String shown(JsonNode n) {
        String s = JsonTree.write(n);
        return s.length() <= SHOWN_MAX ? s : s.substring(0, SHOWN_MAX - 3) + "...";
    }
}
