package zpm.protocol.jsonrpc;

/** Carries an {@link RpcError}: thrown by handlers, and by the client when a call fails. */
public class RpcException extends RuntimeException {

    private final RpcError error;

    public RpcException(RpcError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public RpcException(ErrorCode code, String message) {
        this(RpcError.of(code, message));
    }

    public RpcError error() {
        return error;
    }

    public ErrorCode code() {
        return error.errorCode();
    }
}
