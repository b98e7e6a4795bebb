package zpm.agent.core;

/** A command the supervisor refuses, with the reason an operator can act on. */
public final class SupervisorException extends RuntimeException {

    /** Why; the RPC layer maps each kind to its error code. */
    public enum Kind { UNKNOWN_APP, UNKNOWN_WORKER, CONFLICT, SHUTTING_DOWN, INVALID }

    private final Kind kind;

    public SupervisorException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
