package zpm.examples.workers;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker that fails: it runs for a random time between {@code --min-ms} (default 5000) and
 * {@code --max-ms} (default 30000), then exits with {@code --code} (default 1), so the agent's
 * restarts can be watched. With {@code --crash-at-start} it exits at once, every time: younger
 * than the minimum restart age, it shows backoff, then danger, then fatal.
 *
 * <p>SIGTERM (the agent stopping it on purpose) is still a clean exit 0.
 */
public final class FlakyWorker {

    static final String USAGE = "FlakyWorker [--min-ms N] [--max-ms N] [--code N] [--crash-at-start]";

    private FlakyWorker() {
    }

    public static void main(String[] argv) throws InterruptedException {
        long minMs;
        long maxMs;
        int code;
        boolean atStart;
        try {
            WorkerArgs args = WorkerArgs.parse(argv, Set.of("--min-ms", "--max-ms", "--code"), Set.of("--crash-at-start"));
            minMs = args.number("--min-ms", 5_000, 0, Long.MAX_VALUE - 1);
            maxMs = args.number("--max-ms", Math.max(30_000, minMs), minMs, Long.MAX_VALUE - 1);
            code = (int) args.number("--code", 1, 0, 255);
            atStart = args.has("--crash-at-start");
        } catch (WorkerArgs.UsageException e) {
            WorkerArgs.exitWithUsage(e, USAGE);
            return;
        }
        WorkerIdentity identity = WorkerIdentity.current();
        System.out.println(identity.startLine(null));
        if (atStart) {
            System.err.println("flaky worker " + identity.id() + ": crashing at start with code " + code);
            System.exit(code);
        }
        Termination.onSignal(() -> System.out.println("bye from worker " + identity.id()));
        long lifeMs = ThreadLocalRandom.current().nextLong(minMs, maxMs + 1);
        System.out.println("flaky worker " + identity.id() + ": will exit with code " + code + " in " + lifeMs + " ms");
        Thread.sleep(lifeMs);
        System.err.println("flaky worker " + identity.id() + ": exiting with code " + code + " after " + lifeMs + " ms");
        System.exit(code);
    }
}
