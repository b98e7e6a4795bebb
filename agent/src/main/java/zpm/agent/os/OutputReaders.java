package zpm.agent.os;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per worker stream, reading lines into {@link WorkerLogs} and the {@code zpm.worker}
 * logger. Blocking reads need a thread each (the JDK offers no selectable process pipes), so with
 * 100 workers there are 200 of them: each asks for a small stack to keep the agent's RSS down.
 */
final class OutputReaders {

    /** A reader only loops over a byte array and calls the logger: 128 KiB is plenty. */
    static final long STACK_BYTES = 128 * 1024;

    private static final Logger workerLog = LoggerFactory.getLogger("zpm.worker");
    private static final Logger log = LoggerFactory.getLogger(OutputReaders.class);

    private OutputReaders() {
    }

    /** Starts both readers of a process; the future completes when both pipes reached their end. */
    static CompletableFuture<Void> start(long workerId, String app, Process process, WorkerLogs logs) {
        return CompletableFuture.allOf(
                start(workerId, app, LogLine.OUT, process.getInputStream(), logs),
                start(workerId, app, LogLine.ERR, process.getErrorStream(), logs));
    }

    private static CompletableFuture<Void> start(long workerId, String app, String stream, InputStream in,
                                                 WorkerLogs logs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable pump = () -> {
            try (in) {
                new LineReader(LineReader.DEFAULT_MAX_LINE_BYTES,
                        text -> onLine(logs, new LogLine(workerId, app, stream, Instant.now(), text)))
                        .pump(in);
            } catch (IOException e) {
                // the JDK closes a pipe after the exit once drained; anything else is worth a note
                log.debug("app={} worker={} stream={} read ended error={}", app, workerId, stream, e.toString());
            } finally {
                done.complete(null);
            }
        };
        Thread t = new Thread(null, pump, "zpm-" + stream + "-" + workerId, STACK_BYTES);
        t.setDaemon(true); // a stuck pipe (a grandchild holding it) must never keep the JVM up
        t.start();
        return done;
    }

    private static void onLine(WorkerLogs logs, LogLine line) {
        logs.append(line);
        workerLog.info("app={} worker={} stream={} {}", line.app(), line.workerId(), line.stream(), line.text());
    }
}
