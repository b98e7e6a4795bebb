package zpm.repl.command;

/** What an argument position holds, so Tab knows what to offer there. */
public enum ArgKind {
    /** Nothing to offer. */
    NONE,
    /** "all", an app name or worker ids. */
    TARGET,
    /** An app name. */
    APP,
    /** A command name. */
    COMMAND,
    /** An event type. */
    EVENT_TYPE,
    /** A signal name. */
    SIGNAL
}
