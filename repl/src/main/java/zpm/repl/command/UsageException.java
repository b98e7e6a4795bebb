package zpm.repl.command;

/** A command typed wrongly: the message says what is wrong; the console adds the usage line. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
