package zpm.protocol.jsonrpc;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server read from one JSON text (a TCP line, an HTTP body, a WebSocket frame):
 * one entry for a single message, one per element for a batch.
 *
 * <p>A server handles each valid request, collects the error responses as they are, and
 * answers with {@link JsonRpcCodec#encodeReplies(boolean, List)} using {@link #batch()}.
 * An empty batch and a batch over the limit come back as a single (non-batch) error.
 *
 * @param batch   true when the text was a JSON array of messages (the answer is an array too)
 * @param entries at least one entry, in the order of the text
 */
public record Incoming(boolean batch, List<Entry> entries) {

    public Incoming {
        entries = List.copyOf(entries);
    }

    /** A single, non-batch entry. */
    public static Incoming single(Entry entry) {
        return new Incoming(false, List.of(entry));
    }

    /** The valid requests (notifications included), in order. */
    public List<Request> requests() {
        List<Request> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.isValid()) {
                out.add(e.request());
            }
        }
        return out;
    }

    /** The ready error responses for the entries that were not valid requests, in order. */
    public List<Response> errors() {
        List<Response> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.isValid()) {
                out.add(e.error());
            }
        }
        return out;
    }

    /**
     * One message of the text: exactly one of {@code request} and {@code error} is set.
     *
     * @param request a valid request (a notification when its id is null), or null
     * @param error   the error response to send back for an invalid message, or null
     */
    public record Entry(Request request, Response error) {

        public Entry {
            if ((request == null) == (error == null)) {
                throw new IllegalArgumentException("exactly one of request and error must be set");
            }
        }

        public static Entry valid(Request request) {
            return new Entry(request, null);
        }

        public static Entry invalid(Response error) {
            return new Entry(null, error);
        }

        public boolean isValid() {
            return request != null;
        }
    }
}
