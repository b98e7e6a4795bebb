package zpm.agent.core;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders docs/lifecycle.md from the code: {@link WorkerState#allowedEdges()} and
 * {@link WorkerState#timers()}, the choke point's {@link Transitions#RULES} and {@link AppState}.
 * The doc cannot drift from the code: LifecycleDocTest fails when they differ.
 */
public final class LifecycleDoc {

    private LifecycleDoc() {
    }

    public static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Worker and app lifecycle\n\n")
                .append("<!-- Generated from WorkerState, Transitions.RULES and AppState by LifecycleDoc; LifecycleDocTest\n")
                .append("     fails when they differ. Regenerate: mvn -pl agent test -Dtest=LifecycleDocTest -Dzpm.writeDocs=true -->\n\n")
                .append("A new worker enters `starting`. Every change of state goes through one method of the\n")
                .append("supervisor (`Transitions.go`), which checks the edge below and its cause, logs `old->new` once,\n")
                .append("drops the timers the new state does not allow and emits the edge's event once.\n\n");
        edges(sb);
        events(sb);
        workerStates(sb);
        appStates(sb);
        pacing(sb);
        return sb.toString();
    }

    private static void edges(StringBuilder sb) {
        sb.append("| from | may go to |\n|---|---|\n");
        for (Map.Entry<WorkerState, Set<WorkerState>> e : WorkerState.allowedEdges().entrySet()) {
            sb.append("| `").append(e.getKey().wireName()).append("` | ").append(names(e.getValue())).append(" |\n");
        }
        sb.append("\n```mermaid\nstateDiagram-v2\n    [*] --> starting\n");
        for (Map.Entry<WorkerState, Set<WorkerState>> e : WorkerState.allowedEdges().entrySet()) {
            for (WorkerState to : e.getValue()) {
                sb.append("    ").append(e.getKey().wireName()).append(" --> ").append(to.wireName()).append('\n');
            }
        }
        sb.append("```\n\n");
    }

    private static void events(StringBuilder sb) {
        sb.append("## What each edge emits\n\n")
                .append("The cause of a change picks the event; a cause may take only the edges listed. `spawned` keeps\n")
                .append("the state: it is the moment the pid is known, when `fork` goes out.\n\n")
                .append("| from | to | cause | event | why |\n|---|---|---|---|---|\n");
        for (Transitions.Rule r : Transitions.RULES) {
            sb.append("| ").append(r.cause() == Cause.Kind.FORK ? "(new), " : "").append(names(r.from()))
                    .append(" | ").append(r.to() == null ? "(stays)" : "`" + r.to().wireName() + "`")
                    .append(" | ").append(r.cause().docName())
                    .append(" | ").append(r.event() == null ? "none" : "`" + r.event() + "`")
                    .append(" | ").append(r.why()).append(" |\n");
        }
        sb.append("\nEvents that are not a worker's change of state: `listening` (its process tree listens on the\n")
                .append("app's port), `probe` (a check failed; the readiness timeout and the watchdog are the core's own),\n")
                .append("`disconnect` when a worker's control channel closes, `message`, and per app `app` (added,\n")
                .append("deleted), `resize` (asked, then reached), `restart` (queued, begin, done, failed), `danger`\n")
                .append("(on both edges) and `fatal` (the app was given up on).\n\n");
    }

    private static void workerStates(StringBuilder sb) {
        sb.append("## Worker states\n\n")
                .append("| state | has a process | timers it may hold | what it means |\n|---|---|---|---|\n");
        for (WorkerState s : WorkerState.values()) {
            sb.append("| `").append(s.wireName()).append("` | ").append(s.hasProcess() ? "yes" : "no").append(" | ")
                    .append(s.timers().isEmpty() ? "none" : s.timers().stream().map(t -> "`" + t.wireName() + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(meaning(s)).append(" |\n");
        }
        sb.append("\nTimers: `readiness` (readiness must pass within its timeout), `stable` (up past resetAfterMs\n")
                .append("resets the backoff ladder), `watchdog` (liveness notify: WATCHDOG=1 within the timeout), `kill`\n")
                .append("(SIGKILL of the tree after the kill timeout), `backoff` (the next fork).\n\n");
    }

    private static void appStates(StringBuilder sb) {
        sb.append("## App states\n\n")
                .append("An app's state is derived, not stored: the first that holds of `fatal`, `stopped`, `restarting`,\n")
                .append("`resizing`, `danger`, `running`. A change is logged once; `apps.list` shows the state, and for\n")
                .append("`fatal` and `danger` the reason.\n\n")
                .append("| state | what it means | entered when | left when |\n|---|---|---|---|\n");
        for (AppState s : AppState.values()) {
            sb.append("| `").append(s.wireName()).append("` | ").append(s.meaning()).append(" | ")
                    .append(s.into()).append(" | ").append(s.outOf()).append(" |\n");
        }
    }

    private static void pacing(StringBuilder sb) {
        BackoffSpec d = BackoffSpec.DEFAULT;
        sb.append("\n## Restart pacing\n\n")
                .append("A worker that dies without being asked (an exit, a failed readiness, liveness or memory check),\n")
                .append("in an app whose `restart` policy wants it back, is forked again in its slot by these rules\n")
                .append("(`backoff` keys, defaults in brackets; `Crashes.climb`, table test `BurstPacingTest`):\n\n")
                .append("- Each slot counts its deaths in a row. A worker online for `resetAfterMs` (").append(d.resetAfterMs())
                .append(") starts the\n  count again; its own death is forked at once and not counted.\n")
                .append("- The first `burst` (").append(d.burst()).append(") deaths counted are forked again **at once**, ")
                .append("whatever the worker's age. A death\n  younger than `minRestartAgeMs` still raises `danger`; ")
                .append("danger does not delay the burst.\n")
                .append("- App-wide guard: at most `burst` deaths younger than `minRestartAgeMs` per app in any `resetAfterMs`\n")
                .append("  are forked at once; a young death over it climbs the ladder. A program that exits at once\n")
                .append("  in every slot is so forked at most `burst` more times in any 12 s than by the ladder alone\n")
                .append("  (4 per slot: at 0, 1, 3 and 7 s): 7 for one worker, 11 for two, 4 x size + 3 in general.\n")
                .append("- After the burst, the ladder: `initialMs` (").append(d.initialMs())
                .append(") doubling up to `maxMs` (").append(d.maxMs()).append(").\n")
                .append("- A young death once the slot has already waited `maxMs`, with no worker of the app alive: the\n")
                .append("  app goes `fatal`: nothing is forked until an operator's `restart` or `resize`.\n")
                .append("- `burst: 0` backs off from the first death (the pacing before `burst` existed).\n\n")
                .append("| death in a row | next fork, default spec | when it died younger than minRestartAgeMs |\n|---|---|---|\n");
        for (int n = 1; ; n++) {
            long delay = d.delayAfterCrash(n);
            boolean fatal = n > d.burst() && d.exhausted(n - d.burst() - 1);
            sb.append("| ").append(n).append(" | ").append(delay == 0 ? "at once" : "after " + delay + " ms")
                    .append(" | ").append(fatal ? "app `fatal` when none of its workers is alive" : "the same; `danger`")
                    .append(" |\n");
            if (fatal) {
                return;
            }
        }
    }

    private static String names(Collection<WorkerState> states) {
        return states.stream().map(s -> "`" + s.wireName() + "`").collect(Collectors.joining(", "));
    }

    private static String meaning(WorkerState s) {
        return switch (s) {
            case STARTING -> "forked (or being forked), readiness not passed yet";
            case ONLINE -> "ready: readiness passed";
            case STOPPING -> "asked to leave: disconnect, the app's `stopSignal` (SIGTERM unless set), SIGKILL of its tree "
                    + "after the kill timeout";
            case EXITED -> "no process and none wanted now: stopped by an operator, or the restart policy said no";
            case BACKOFF -> "waiting for its backoff delay before the next fork";
            case FATAL -> "given up on (crash loop, or the command cannot be started) until an operator acts";
        };
    }
}
