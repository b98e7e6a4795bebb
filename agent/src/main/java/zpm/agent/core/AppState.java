package zpm.agent.core;

import java.util.Locale;

/** What an app is doing, derived from its wish, its plan and its health (see {@code App.state()}). */
public enum AppState {
    RUNNING,
    RESIZING,
    RESTARTING,
    STOPPED,
    /** Workers die younger than the minimum restart age: forks are paced. */
    DANGER,
    /** Given up: the app could not stay up; an operator's restart or resize clears it. */
    FATAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
