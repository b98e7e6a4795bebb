package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.ProcessFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Records the facts the probes report, and on which context they arrived. */
final class RecordingFacts implements ProcessFacts {

    /** One reported fact; {@code onContext} is false when it arrived off the probes' context. */
    record Fact(String type, long workerId, String error, boolean fatal, boolean onContext,
                long atNanos) {
    }

    private final Context context;
    private final List<Fact> facts = new ArrayList<>();
    private final Map<Long, CompletableFuture<Fact>> firstReady = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Fact>> firstFailure = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Fact>> firstListening = new ConcurrentHashMap<>();

    RecordingFacts(Context context) {
        this.context = context;
    }

    CompletableFuture<Fact> readyFuture(long workerId) {
        return firstReady.computeIfAbsent(workerId, id -> new CompletableFuture<>());
    }

    CompletableFuture<Fact> listeningFuture(long workerId) {
        return firstListening.computeIfAbsent(workerId, id -> new CompletableFuture<>());
    }

    @Override
    public void listening(long workerId, int port) {
        listeningFuture(workerId).complete(record("listening:" + port, workerId, null, false));
    }

    CompletableFuture<Fact> failureFuture(long workerId) {
        return firstFailure.computeIfAbsent(workerId, id -> new CompletableFuture<>());
    }

    synchronized List<Fact> all() {
        return List.copyOf(facts);
    }

    synchronized List<Fact> of(long workerId) {
        return facts.stream().filter(f -> f.workerId() == workerId).toList();
    }

    @Override
    public void ready(long workerId) {
        readyFuture(workerId).complete(record("ready", workerId, null, false));
    }

    @Override
    public void probeFailed(long workerId, String kind, String error, boolean fatal) {
        failureFuture(workerId).complete(record("probeFailed:" + kind, workerId, error, fatal));
    }

    @Override
    public void spawned(long workerId, long pid) {
        record("spawned", workerId, null, false);
    }

    @Override
    public void spawnFailed(long workerId, String error) {
        record("spawnFailed", workerId, error, false);
    }

    @Override
    public void exited(long workerId, ExitStatus status) {
        record("exited", workerId, null, false);
    }

    private synchronized Fact record(String type, long workerId, String error, boolean fatal) {
        Fact fact = new Fact(type, workerId, error, fatal, Vertx.currentContext() == context,
                System.nanoTime());
        facts.add(fact);
        return fact;
    }
}
