package zpm.protocol.jsonrpc;

import java.util.List;

/**
 * What a client read from one JSON text the server sent: a notification, one response, or
 * the responses of a batch.
 *
 * @param notification the notification, or null when the text held responses
 * @param responses    the responses (one unless {@code batch}); empty for a notification
 * @param batch        true when the text was a JSON array of responses
 */
public record Inbound(Notification notification, List<Response> responses, boolean batch) {

    public Inbound {
        responses = List.copyOf(responses);
    }

    public static Inbound of(Notification notification) {
        return new Inbound(notification, List.of(), false);
    }

    public static Inbound of(Response response) {
        return new Inbound(null, List.of(response), false);
    }

    public static Inbound ofBatch(List<Response> responses) {
        return new Inbound(null, responses, true);
    }

    public boolean isNotification() {
        return notification != null;
    }
}
