package zpm.agent.core;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders docs/lifecycle.md from {@link WorkerState#allowedEdges()}: the doc cannot drift from the code. */
public final class LifecycleDoc {

    private LifecycleDoc() {
    }

    public static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Worker lifecycle\n\n")
                .append("<!-- Generated from WorkerState.allowedEdges() by LifecycleDoc; LifecycleDocTest fails when\n")
                .append("     they differ. Regenerate: mvn -pl agent test -Dtest=LifecycleDocTest -Dzpm.writeDocs=true -->\n\n")
                .append("A new worker enters `starting`. Every change of state goes through one method of the\n")
                .append("supervisor, which checks the edge below, logs `old->new` once and emits the event once.\n\n")
                .append("| from | may go to |\n|---|---|\n");
        for (Map.Entry<WorkerState, Set<WorkerState>> e : WorkerState.allowedEdges().entrySet()) {
            sb.append("| `").append(e.getKey().wireName()).append("` | ")
                    .append(e.getValue().stream().map(s -> "`" + s.wireName() + "`").collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        sb.append("\n```mermaid\nstateDiagram-v2\n    [*] --> starting\n");
        for (Map.Entry<WorkerState, Set<WorkerState>> e : WorkerState.allowedEdges().entrySet()) {
            for (WorkerState to : e.getValue()) {
                sb.append("    ").append(e.getKey().wireName()).append(" --> ").append(to.wireName()).append('\n');
            }
        }
        sb.append("```\n\n")
                .append("| state | has a process | what it means |\n|---|---|---|\n");
        for (WorkerState s : WorkerState.values()) {
            sb.append("| `").append(s.wireName()).append("` | ").append(s.hasProcess() ? "yes" : "no").append(" | ")
                    .append(meaning(s)).append(" |\n");
        }
        return sb.toString();
    }

    private static String meaning(WorkerState s) {
        return switch (s) {
            case STARTING -> "forked (or being forked), readiness not passed yet";
            case ONLINE -> "ready: readiness passed";
            case STOPPING -> "asked to leave: disconnect, SIGTERM, SIGKILL of its tree after the kill timeout";
            case EXITED -> "no process and none wanted now: stopped by an operator, or the restart policy said no";
            case BACKOFF -> "waiting for its backoff delay before the next fork";
            case FATAL -> "given up on (crash loop, or the command cannot be started) until an operator acts";
        };
    }
}
