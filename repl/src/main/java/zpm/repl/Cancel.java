package zpm.repl;

import java.util.concurrent.CompletableFuture;

/**
 * Ctrl-C for the running command: the console's INT handler fires it; a command's waits end
 * with {@link Cancelled}. Reset before each command, so an old Ctrl-C cancels nothing new.
 */
public final class Cancel {

    /** The wait was cancelled; the agent may still carry on with what was asked. */
    public static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private volatile CompletableFuture<Void> current = new CompletableFuture<>();

    /** Called before each command. */
    public void reset() {
        current = new CompletableFuture<>();
    }

    /** Ctrl-C: ends the current command's wait. */
    public void fire() {
        current.complete(null);
    }

    public CompletableFuture<Void> future() {
        return current;
    }

    public boolean fired() {
        return current.isDone();
    }
}
