package zpm.examples.workers;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * A worker that will not leave: it ignores SIGTERM and runs until SIGKILL. The fixture for the
 * kill timeout (TERM, wait, KILL). With {@code --child} it also starts {@code sleep 100000},
 * which must die with it: proof that the agent kills the whole process tree, not just the pid
 * it forked.
 */
public final class StubbornWorker {

    static final String USAGE = "StubbornWorker [--child]";

    private StubbornWorker() {
    }

    public static void main(String[] argv) throws IOException, InterruptedException {
        boolean child;
        try {
            child = WorkerArgs.parse(argv, Set.of(), Set.of("--child")).has("--child");
        } catch (WorkerArgs.UsageException e) {
            WorkerArgs.exitWithUsage(e, USAGE);
            return;
        }
        WorkerIdentity identity = WorkerIdentity.current();
        // A handler that does nothing: the JVM no longer exits on TERM (installing a TERM
        // handler replaces the default exit: docs/platform-notes.md).
        Signal.handle(new Signal("TERM"), s -> System.out.println("got SIGTERM, ignoring it"));
        if (child) {
            Process sleep = new ProcessBuilder("sleep", "100000").inheritIO().start();
            System.out.println("child pid=" + sleep.pid());
        }
        System.out.println(identity.startLine(null));
        new CountDownLatch(1).await(); // forever: nothing counts it down
    }
}
