package zpm.agent.os;

import com.sun.jna.LastErrorException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.ExitStatus;

/**
 * One worker on the io thread: its two pipes are read into lines as they fill (under the
 * {@link OutputGate}); when its pidfd turns readable, what it left in its group is killed, it is
 * reaped, what it left in its pipes is read whatever the gate says, and the exit is reported once
 * both pipes reached their end (or after {@link #DRAIN_TIMEOUT}, when an escaped child holds a
 * pipe open). The exit fact therefore always comes after the worker's last line, partial or not.
 */
final class WorkerWatch {

    /** How long an exit fact waits for the last output lines (a pipe held open by an escaped child). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
    /** NOTIFY_SOCKET datagrams read per wake-up: a chatty worker must not hold the io thread either. */
    static final int NOTIFY_PER_WAKEUP = 64;

    private static final Logger log = LoggerFactory.getLogger(WorkerWatch.class);

    /** What the launcher does with what the watch sees; every call is on the io thread. */
    interface Reports {
        /** The complete lines of one read of one pipe. */
        void lines(LineBatch lines);

        void notified(RunningWorker w, Map<String, String> message);

        /** Reaped: the moment to look for what escaped the worker's group. */
        void reaped(RunningWorker w);

        /** Reaped and its output read to the end: the exit fact. */
        void finished(RunningWorker w, ExitStatus status);
    }

    private final RunningWorker w;
    private final NativeSpawn.Child child;
    private final NotifySocket.Endpoint notify;
    private final IoLoop io;
    /** The io thread's one read buffer, shared by every watch. */
    private final byte[] buffer;
    private final Reports reports;
    private final OutputPipe out;
    private final OutputPipe err;
    private ExitStatus status;
    private boolean reported;
    /** The worker's next line number, over both pipes. */
    private long seq;

    WorkerWatch(RunningWorker w, NativeSpawn.Child child, NotifySocket.Endpoint notify, IoLoop io, byte[] buffer,
                OutputGate gate, Reports reports) {
        this.w = w;
        this.child = child;
        this.notify = notify;
        this.io = io;
        this.buffer = buffer;
        this.reports = reports;
        this.out = pipe(child.stdout(), OutputLine.OUT, gate);
        this.err = pipe(child.stderr(), OutputLine.ERR, gate);
    }

    private OutputPipe pipe(int fd, String name, OutputGate gate) {
        return new OutputPipe(fd, io, buffer, w, gate,
                (readAtMs, bytes, starts, ends) -> {
                    LineBatch b = new LineBatch(w.workerId, w.slot, w.app, name, readAtMs, seq, bytes, starts, ends);
                    seq += starts.length;
                    reports.lines(b);
                },
                this::maybeReport);
    }

    /** On the io thread. */
    void start() {
        out.start();
        err.start();
        io.watch(child.pidfd(), bits -> exited());
        if (notify != null) {
            io.watch(notify.fd(), bits -> readNotify(NOTIFY_PER_WAKEUP));
        }
    }

    /** Up to {@code max} datagrams waiting on the NOTIFY_SOCKET, each one fact, in order. */
    private void readNotify(int max) {
        for (int i = 0; i < max; i++) {
            long n;
            try {
                n = LibC.recv(notify.fd(), buffer, buffer.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                return; // EAGAIN: all read
            }
            Map<String, String> message = NotifySocket.parse(buffer, (int) n);
            message.remove("BARRIER"); // systemd-notify's sync: its fd was dropped, which answers it
            if (!message.isEmpty()) {
                log.debug("{} notify {}", w, message);
                reports.notified(w, message);
            }
        }
    }

    private void exited() {
        io.unwatch(child.pidfd());
        if (notify != null) {
            readNotify(Integer.MAX_VALUE); // STOPPING=1 or STATUS= sent just before the end
            io.unwatch(notify.fd());
            notify.close();
        }
        // read before the kill: an OOM kill shows in the group's counters, not in the status
        String reason = w.group == null ? null : WorkerCgroups.exitReason(w.group);
        TreeKiller.afterExit(w);
        status = ExitStatus.fromWaitStatus(w.reap()).withReason(reason);
        NativeSpawn.closeAll(child.pidfd());
        reports.reaped(w);
        out.readAfterExit(); // also when the gate is closed: the exit waits for the last lines
        err.readAfterExit();
        maybeReport();
        if (!reported) {
            io.schedule(DRAIN_TIMEOUT.toMillis(), () -> {
                if (!reported) {
                    log.warn("{} output not drained within {} ms: an escaped child holds the pipe",
                            w, DRAIN_TIMEOUT.toMillis());
                    out.close();
                    err.close();
                }
            });
        }
    }

    private void maybeReport() {
        if (status != null && !out.isOpen() && !err.isOpen() && !reported) {
            reported = true;
            reports.finished(w, status);
        }
    }
}
