package zpm.protocol.jsonrpc;

/**
 * A JSON text that is not a JSON-RPC 2.0 message the reader accepts. The message says what
 * is wrong in one line (e.g. {@code response has both "result" and "error"}).
 */
public class MalformedMessageException extends IllegalArgumentException {

    public MalformedMessageException(String message) {
        super(message);
    }
}
