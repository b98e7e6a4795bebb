package zpm.agent.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.ProcessFacts;

/** Records every fact in order, with the worker's log tail as it was when the fact arrived. */
final class RecordingFacts implements ProcessFacts {

    /** One fact: kind is spawned, spawnFailed or exited. */
    record Fact(String kind, long workerId, long pid, String error, ExitStatus status, List<OutputLine> logsThen,
                Map<String, String> message) {
        Fact(String kind, long workerId, long pid, String error, ExitStatus status, List<OutputLine> logsThen) {
            this(kind, workerId, pid, error, status, logsThen, Map.of());
        }
    }

    private final WorkerLogs logs;
    private final LinkedBlockingQueue<Fact> queue = new LinkedBlockingQueue<>();
    private final List<Fact> all = new ArrayList<>();

    RecordingFacts(WorkerLogs logs) {
        this.logs = logs;
    }

    @Override
    public void notified(long workerId, Map<String, String> message) {
        queue.add(new Fact("notified", workerId, -1, null, null, List.of(), message));
    }

    @Override
    public void spawned(long workerId, long pid) {
        queue.add(new Fact("spawned", workerId, pid, null, null, logs.tail(workerId, 100)));
    }

    @Override
    public void spawnFailed(long workerId, String error) {
        queue.add(new Fact("spawnFailed", workerId, -1, error, null, List.of()));
    }

    @Override
    public void exited(long workerId, ExitStatus status) {
        queue.add(new Fact("exited", workerId, -1, null, status, logs.tail(workerId, 100)));
    }

    @Override
    public void ready(long workerId) {
        throw new UnsupportedOperationException("the launcher never reports readiness");
    }

    @Override
    public void probeFailed(long workerId, String kind, String error, boolean fatal) {
        throw new UnsupportedOperationException("the launcher never reports probes");
    }

    /** The next fact, in delivery order; fails after the deadline. */
    Fact next() {
        return next(Await.LONG);
    }

    Fact next(Duration timeout) {
        try {
            Fact f = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no fact within " + timeout.toMillis() + " ms; so far " + all);
            }
            all.add(f);
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Next fact of this kind and worker, skipping others. */
    Fact next(String kind, long workerId) {
        while (true) {
            Fact f = next();
            if (f.kind().equals(kind) && f.workerId() == workerId) {
                return f;
            }
        }
    }
}
