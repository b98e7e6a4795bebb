package zpm.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, {@code zpm-io}, waiting in {@code epoll_wait} on every worker's output pipes and
 * pidfd: a worker costs three fds instead of three threads, and an exit is seen the moment its
 * pidfd turns readable (an event, not a poll). Tasks from other threads wake it through an
 * eventfd; timers live in a heap on the same thread. Idle, the thread sleeps in the kernel.
 *
 * <p>{@link #watch}, {@link #unwatch} and {@link #schedule} are for the loop's own thread only
 * (from a handler, a task or a timer); {@link #execute} is for any thread.
 *
 * <p>Fairness: a handler does a bounded amount of work per call (one read of one buffer) and
 * returns. The epoll is level-triggered, so an fd with data left is reported again; the kernel
 * puts such an fd back at the tail of its ready list, and fds not reported for lack of room in
 * the event array come first next time. Each round is therefore: every ready fd once (a flood
 * and a quiet worker alike, and each pidfd), then the queued tasks, then the due timers.
 */
final class IoLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);
    private static final int MAX_EVENTS = 64;
    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0}; // eventfd counter += 1, little-endian

    private final int epfd;
    private final int wakeFd;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Integer, IntConsumer> handlers = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final LinuxAbi abi;
    private final Memory event;
    private long timerSeq;
    private volatile boolean running = true;

    private record Timer(long dueNanos, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(dueNanos - o.dueNanos, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    IoLoop(String name) {
        LibC.require();
        abi = LibC.ABI;
        event = new Memory(abi.epollEventBytes());
        epfd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        ctl(LibC.EPOLL_CTL_ADD, wakeFd);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        try {
            LibC.write(wakeFd, ONE, ONE.length);
        } catch (LastErrorException e) {
            log.warn("io loop wake-up failed errno={}", e.getErrorCode()); // EAGAIN: already awake
        }
    }

    /** Calls {@code handler} with the epoll event bits each time {@code fd} is readable or hung up. */
    void watch(int fd, IntConsumer handler) {
        handlers.put(fd, handler);
        ctl(LibC.EPOLL_CTL_ADD, fd);
    }

    /** Stops watching {@code fd}; the caller still owns it (and closes it). */
    void unwatch(int fd) {
        if (handlers.remove(fd) != null) {
            try {
                LibC.epoll_ctl(epfd, LibC.EPOLL_CTL_DEL, fd, null);
            } catch (LastErrorException e) {
                log.debug("epoll del fd={} errno={}", fd, e.getErrorCode());
            }
        }
    }

    /** Runs {@code task} on the loop's thread after {@code delayMs}. */
    void schedule(long delayMs, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayMs * 1_000_000, timerSeq++, task));
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void ctl(int op, int fd) {
        event.setInt(abi.eventsAt(0), LibC.EPOLLIN);
        event.setLong(abi.dataAt(0), fd);
        LibC.epoll_ctl(epfd, op, fd, event);
    }

    private void run() {
        Memory events = new Memory(abi.eventsAt(MAX_EVENTS));
        while (running) {
            int n;
            try {
                n = LibC.epoll_wait(epfd, events, MAX_EVENTS, timeout());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    log.error("epoll_wait failed errno={}", e.getErrorCode());
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                int bits = events.getInt(abi.eventsAt(i));
                int fd = (int) events.getLong(abi.dataAt(i));
                if (fd == wakeFd) {
                    drainWakeFd();
                } else {
                    IntConsumer h = handlers.get(fd); // null: unwatched by an earlier handler of this batch
                    if (h != null) {
                        guarded(() -> h.accept(bits));
                    }
                }
            }
            for (Runnable t; (t = tasks.poll()) != null; ) {
                guarded(t);
            }
            long now = System.nanoTime();
            while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) {
                guarded(timers.poll().task);
            }
        }
    }

    /** Milliseconds to the next timer, 0 when work is queued, -1 (forever) when nothing is due. */
    private int timeout() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        Timer next = timers.peek();
        if (next == null) {
            return -1;
        }
        long ms = (next.dueNanos - System.nanoTime() + 999_999) / 1_000_000;
        return (int) Math.max(0, Math.min(ms, Integer.MAX_VALUE));
    }

    private void drainWakeFd() {
        byte[] counter = new byte[8];
        try {
            LibC.read(wakeFd, counter, counter.length);
        } catch (LastErrorException e) {
            // EAGAIN: another batch already read it
        }
    }

    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) { // one bad handler must not stop every worker's I/O
            log.error("io loop task failed", e);
        }
    }

    /** Stops the thread (after the tasks queued so far) and closes the epoll and wake-up fds. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        execute(() -> running = false);
        if (!inLoop()) {
            try {
                thread.join(OsLauncher.CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            NativeSpawn.closeAll(epfd, wakeFd);
        }
    }
}
