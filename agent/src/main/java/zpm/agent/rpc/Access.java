package zpm.agent.rpc;

/** What a presented token allows. */
public enum Access {
    /** The full token: every method. */
    FULL,
    /** The read-only token: methods the catalog marks as not mutating. */
    READ_ONLY,
    /** No token, or a wrong one. */
    DENIED;

    public boolean granted() {
        return this != DENIED;
    }
}
