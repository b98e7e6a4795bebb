package zpm.agent.core;

/**
 * An app's health; only {@link Health#set} changes it.
 *
 * @param danger      workers die younger than minRestartAgeMs
 * @param failure     why it was given up on, or null while it is not
 * @param fatalReason the human text of {@code failure}, or null
 */
record AppHealth(boolean danger, AppFailure failure, String fatalReason) {

    static final AppHealth OK = new AppHealth(false, null, null);

    boolean fatal() {
        return failure != null;
    }

    AppHealth withDanger(boolean active) {
        return new AppHealth(active, failure, fatalReason);
    }

    AppHealth givenUp(AppFailure why, String reason) {
        return new AppHealth(danger, why, reason);
    }

    AppHealth notGivenUp() {
        return new AppHealth(danger, null, null);
    }
}
