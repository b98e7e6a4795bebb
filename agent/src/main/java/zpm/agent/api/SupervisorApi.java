package zpm.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.RestartResult;
import zpm.agent.core.Signal;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.os.WorkerCgroups;
import zpm.agent.logfiles.LogWriter;
import zpm.agent.os.WorkerLogs;
import zpm.protocol.api.RestartBatch;
import zpm.protocol.event.LifecycleEvent;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The supervisor's asynchronous face: what the RPC methods and an embedding program (and later a
 * dashboard or a remote node) ask of a running supervisor. Every call returns at once and is safe
 * on an event loop; the future completes when the supervisor has acted, on a thread of its
 * choosing (a caller whose state lives on a context hops back, as an RPC session does). Refusals
 * fail it with a {@code SupervisorException} (unknown app or worker, conflict, quitting).
 * {@code zpm.agent.local.Agent} is the supervisor in this JVM.
 */
public interface SupervisorApi {

    /** The workers of the target, in id order; an unknown app or id fails. */
    Future<List<WorkerInfo>> status(Target target);

    Future<List<AppInfo>> apps();

    /** Adds and starts an app; completes when its workers are up (or given up on). */
    Future<AppInfo> addApp(AppSpec spec);

    /** Takes the app to size 0 and keeps it (its workers stop within their kill timeouts). */
    Future<AppInfo> stopApp(String app);

    /** Stops the app's workers, then forgets the app. */
    Future<Void> deleteApp(String app);

    /** Sets the app's size; completes when it is reached. */
    Future<AppInfo> resize(String app, int size);

    Future<AppInfo> add(String app, int n);

    Future<AppInfo> sub(String app, int n);

    /** Rolling restart, one worker at a time; completes when it is done (or stopped: see {@link RestartResult#ok()}). */
    default Future<RestartResult> restart(Target target) {
        return restart(target, RestartBatch.ONE);
    }

    /** Rolling restart with up to {@code batch} replacements at once in each app. */
    Future<RestartResult> restart(Target target, RestartBatch batch);

    /** Graceful stop of the target's workers; the ids stopped. */
    Future<List<Long>> shutdown(Target target);

    /** SIGKILL to the target's workers now; the ids killed. */
    Future<List<Long>> terminate(Target target);

    /** The ids signalled. */
    Future<List<Long>> signal(Target target, Signal signal);

    /**
     * Sends {@code data} to the target's running workers over their control channels.
     *
     * @return the ids reached (a worker that never connected is not)
     */
    Future<List<Long>> send(Target target, JsonNode data);

    /**
     * Listens to every lifecycle event (called on the supervisor's context: keep it short).
     *
     * @return removes the listener
     */
    Runnable onEvent(Consumer<LifecycleEvent> listener);

    /** Captured worker output: recent lines in memory, and a listener for new ones. */
    WorkerLogs logs();

    /** The log files' writer (their directory, what could not be written), or null when files are off. */
    default LogWriter logFiles() {
        return null;
    }

    /**
     * Closes every log file and opens it again at its path (after an external logrotate moved it).
     *
     * @return the number of files reopened (0 when files are off)
     */
    default Future<Integer> reopenLogs() {
        LogWriter files = logFiles();
        return files == null ? Future.succeededFuture(0) : Future.fromCompletionStage(files.reopen());
    }

    /** The directory of the token, the pid file, the control socket and the kept apps. */
    Path stateDir();

    /**
     * Where the apps' log files are ({@code <app>.out.log}, {@code <app>.err.log}), which
     * {@code logs} reads back; null when files are off ({@code agent.logs.dir}, {@code --log-dir},
     * by default {@code <stateDir>/logs}).
     */
    default Path logDir() {
        LogWriter files = logFiles();
        return files == null ? null : files.dir();
    }

    /**
     * Blocking: what is wrong with the state directory now (files set aside as corrupt, writes
     * that failed, a directory no longer writable), each naming the file; empty when healthy.
     */
    default List<String> stateDirProblemsBlocking() {
        return List.of();
    }

    /** How workers' process trees are tracked and which limits can be enforced; null when unknown. */
    default WorkerCgroups cgroups() {
        return null;
    }

    /** When this supervisor started, in epoch milliseconds. */
    long startedAtMs();

    /** This agent's node name: in every event and every row it answers (default: the host name). */
    String node();

    /**
     * Another node joined this agent's fleet: a {@code node-joined} event in the supervisor's own
     * numbered stream (seq stays gapless per node). Completes once published.
     */
    Future<Void> nodeJoined(String peer, String address);

    /** Another node left this agent's fleet: a {@code node-left} event, as {@link #nodeJoined}. */
    Future<Void> nodeLeft(String peer, String address, String reason);
}
