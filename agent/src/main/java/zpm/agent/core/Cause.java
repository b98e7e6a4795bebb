package zpm.agent.core;

import java.util.List;
import java.util.Locale;

/**
 * Why a worker's state changes (or, for {@link Spawned}, what it learnt): the argument of the
 * choke point, {@link Transitions#go}. It carries what the event of the edge reports; which edge
 * a cause may take, and which event that edge emits, is {@link Transitions#RULES}.
 */
sealed interface Cause {

    /** The kinds of cause, as docs/lifecycle.md names them. */
    enum Kind {
        FORK, SPAWNED, READY, STOP, EXIT, SPAWN_FAILED, BACKOFF, DEV_MODE, APP_FATAL;

        String docName() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    Kind kind();

    /** What the log line's {@code cause="..."} says. */
    String text();

    /** Forked again, or for the first time: by reconcile, a restart, an elapsed backoff, an operator. */
    record Fork(String text) implements Cause {
        public Kind kind() {
            return Kind.FORK;
        }
    }

    /** The launcher reported the pid: no change of state, but the {@code fork} event. */
    record Spawned(List<String> command) implements Cause {
        public Kind kind() {
            return Kind.SPAWNED;
        }

        public String text() {
            return "spawned";
        }
    }

    /** Readiness passed, {@code afterMs} after the spawn. */
    record Ready(long afterMs) implements Cause {
        public Kind kind() {
            return Kind.READY;
        }

        public String text() {
            return "ready";
        }
    }

    /** Asked to leave (shrink, shutdown, restart, failed check, quit). */
    record Stop(String reason) implements Cause {
        public Kind kind() {
            return Kind.STOP;
        }

        public String text() {
            return reason;
        }
    }

    /** The process ended. */
    record Exit(ExitStatus status, boolean expected, long uptimeMs) implements Cause {
        public Kind kind() {
            return Kind.EXIT;
        }

        public String text() {
            return status.toString();
        }
    }

    /** The command could not be started at all. */
    record SpawnFailed(String reason) implements Cause {
        public Kind kind() {
            return Kind.SPAWN_FAILED;
        }

        public String text() {
            return reason;
        }
    }

    /** A crash: the next fork waits {@code delayMs}. */
    record Backoff(long delayMs, String reason) implements Cause {
        public Kind kind() {
            return Kind.BACKOFF;
        }

        public String text() {
            return reason;
        }
    }

    /** Dev mode: it died right after start, so it waits for a change in the watched paths. */
    record DevMode(String reason) implements Cause {
        public Kind kind() {
            return Kind.DEV_MODE;
        }

        public String text() {
            return reason;
        }
    }

    /** Its app was given up on: the app's own {@code fatal} event tells it, once. */
    record AppFatal(String reason) implements Cause {
        public Kind kind() {
            return Kind.APP_FATAL;
        }

        public String text() {
            return reason;
        }
    }
}
