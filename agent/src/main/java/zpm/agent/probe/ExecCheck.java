package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * exec readiness: the command exits 0. It runs with the agent's environment plus
 * {@code ZPM_WORKER_PID}, {@code ZPM_WORKER_ID} and {@code PORT} (when known), output discarded,
 * in the agent's working directory. Only the fork runs on a worker thread; the wait is
 * {@code Process.onExit()}, so a slow command never holds a pool thread. A command that runs past
 * {@code timeoutMs} is killed with its descendants.
 */
final class ExecCheck implements ReadinessCheck {

    private final Vertx vertx;
    private final Context context;
    private final List<String> command;
    private final Map<String, String> env;
    private final long timeoutMs;
    private Process running;
    private boolean aborted;

    ExecCheck(Vertx vertx, Context context, List<String> command, Map<String, String> env,
              long timeoutMs) {
        this.vertx = vertx;
        this.context = context;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Future<CheckResult> attempt() {
        return context.executeBlocking(this::startBlocking, false).compose(
                this::awaitExit,
                error -> Future.succeededFuture(
                        CheckResult.unusual("cannot run " + command + ": " + error.getMessage())));
    }

    private Process startBlocking() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().remove("NOTIFY_SOCKET"); // the agent's own (under systemd): never a check's
        Process process = builder.start();
        process.getOutputStream().close(); // stdin at EOF: a check must not wait for input
        return process;
    }

    private Future<CheckResult> awaitExit(Process process) {
        if (aborted) {
            killTree(process); // cancelled while the fork was in flight
            return Future.succeededFuture(CheckResult.notYet("cancelled"));
        }
        running = process;
        boolean[] timedOut = {false};
        long timer = vertx.setTimer(timeoutMs, t -> {
            timedOut[0] = true;
            killTree(process);
        });
        return Future.fromCompletionStage(process.onExit(), context).map(done -> {
            vertx.cancelTimer(timer);
            running = null;
            if (timedOut[0]) {
                return CheckResult.unusual(command + " ran past " + timeoutMs + " ms and was killed");
            }
            int code = done.exitValue();
            return code == 0 ? CheckResult.PASSED : CheckResult.notYet(command + " exited " + code);
        });
    }

    @Override
    public void abort() {
        aborted = true;
        Process process = running;
        if (process != null) {
            killTree(process);
        }
    }

    /** SIGKILL the command and its descendants; listing descendants reads /proc, hence a worker. */
    private void killTree(Process process) {
        context.executeBlocking(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return null;
        }, false);
    }
}
