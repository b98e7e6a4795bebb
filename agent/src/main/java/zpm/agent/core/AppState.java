package zpm.agent.core;

import java.util.Locale;

/**
 * What an app is doing, derived from its wish, its plan and its health (see {@code App.state()}:
 * the first that holds of fatal, stopped, restarting, resizing, danger, running). Each state says
 * what it means and what leads into and out of it; docs/lifecycle.md renders them.
 */
public enum AppState {
    RUNNING("every wanted slot has its worker and none dies young",
            "a resize is reached; a restart ends; danger ends",
            "resize, restart, stop; a worker dies young (danger)"),
    RESIZING("its target size changed and is not reached yet: new slots are starting, or slots above it leaving",
            "`apps.start`, `resize`, `add`, `sub`, `apps.stop`, `shutdown` of the app",
            "every slot below the target is up (not starting) and none is left above it"),
    RESTARTING("a rolling restart covers it: one worker at a time is replaced (up to `batch` with restart's batch), "
            + "the new one online before the old leaves",
            "`restart`, or a queued restart that begins",
            "the restart is done, or failed (a replacement did not come online; the old workers keep serving)"),
    STOPPED("size 0 and no worker with a process",
            "its workers are gone after `apps.stop`, or `shutdown` of the app or of all",
            "`resize`, `add`, `restart` (back at its last size)"),
    /** Workers die younger than the minimum restart age: forks are paced. */
    DANGER("workers die younger than minRestartAgeMs: a slot's first `burst` deaths are still forked at once, "
            + "later ones are paced by the backoff ladder, and with none up once it runs out the app goes fatal",
            "a worker dies younger than minRestartAgeMs (`danger` active: true)",
            "every worker stays up past resetAfterMs, or an operator's restart, or resize of it when fatal "
                    + "(`danger` active: false); fatal when the backoff ladder runs out"),
    /** Given up: the app could not stay up; an operator's restart or resize clears it. */
    FATAL("given up on: nothing is forked until an operator acts; `apps.list` says why (spawn failed, crash loop)",
            "its command cannot be started and none of its workers runs, or its workers keep dying young "
                    + "with none up once the longest backoff did not help (`fatal`)",
            "an operator's `restart` or `resize`");

    private final String meaning;
    private final String into;
    private final String outOf;

    AppState(String meaning, String into, String outOf) {
        this.meaning = meaning;
        this.into = into;
        this.outOf = outOf;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the state means, for docs/lifecycle.md. */
    public String meaning() {
        return meaning;
    }

    /** What leads into it. */
    public String into() {
        return into;
    }

    /** What leads out of it. */
    public String outOf() {
        return outOf;
    }
}
