package zpm.agent.os;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a worker's process tree. Policy: nothing a worker started outlives it. When the main
 * process ends, whatever is left of its group is SIGKILLed, and so is every process still in its
 * session that started after it (a child that moved to another group, e.g. a job-control shell),
 * and every descendant seen earlier by {@link #killTree}. A process that made its own session
 * (a double-forking daemon) is only caught when a killTree snapshot saw it; unless the worker
 * has a cgroup of its own ({@link WorkerCgroups}): then one write to its {@code cgroup.kill} ends
 * every process it started, however it detached, and no /proc scan is needed.
 *
 * <p>Group and session ids stay safe to use after the leader died: the kernel does not reuse a
 * pid while any process still has it as its group or session id. Start times guard the rest.
 */
final class TreeKiller {

    private static final Logger log = LoggerFactory.getLogger(TreeKiller.class);

    private TreeKiller() {
    }

    /** killTree: snapshot the descendants first (they reparent once the main dies), then kill all. */
    static void killTree(RunningWorker w) {
        WorkerCgroups.WorkerGroup g = w.group;
        if (g != null) {
            // the group is the worker's alone, reaped or not: no pid can be someone else's here
            WorkerCgroups.kill(g);
            w.signal(Kill.SIGKILL, true); // the main process too, should its group's write have failed
            log.debug("{} cgroup killed", w);
            return;
        }
        killTree(w, TreeKiller::descendants);
    }

    /**
     * The /proc scan behind the snapshot takes milliseconds, so it runs <em>without</em> the
     * worker's lock: {@link RunningWorker#signal} (called from the event loop) and the io thread's
     * reap never wait for it. The lock is taken only to send the kills, and only while the worker
     * is unreaped, so no signal ever reaches a pid the kernel may have handed on. Reaped
     * meanwhile, the snapshot is dropped: the pid, and so the tree scanned, may already be another
     * process's; {@link #afterExit} and the session sweep have ended the worker's group and
     * session. (What they miss is a process that made its own session and that only this
     * snapshot saw: the price of never blocking the event loop, paid only when a stop races a
     * natural exit.)
     */
    static void killTree(RunningWorker w, Function<RunningWorker, List<ProcessHandle>> scan) {
        if (w.reaped()) {
            return;
        }
        List<ProcessHandle> seen = scan.apply(w);
        synchronized (w) {
            if (w.reaped()) {
                log.debug("{} reaped during the tree scan: snapshot dropped", w);
                return;
            }
            w.descendants.addAll(seen);
            w.signal(Kill.SIGKILL, true);
            w.signal(Kill.SIGKILL, false);
        }
        log.debug("{} tree killed descendants={}", w, seen.size());
        killSeenDescendants(w);
    }

    /** Every descendant of the worker's process now: one walk over /proc. */
    private static List<ProcessHandle> descendants(RunningWorker w) {
        return ProcessHandle.of(w.pid).map(h -> h.descendants().toList()).orElse(List.of());
    }

    /**
     * Right after the main process exited and before it is reaped (the zombie still holds the
     * pid, so the group cannot be anyone else's): its group and the descendants seen earlier.
     */
    static void afterExit(RunningWorker w) {
        if (w.group != null) {
            WorkerCgroups.kill(w.group); // whatever it left, however detached
        }
        if (w.signal(Kill.SIGKILL, true)) {
            log.debug("{} left processes in its group: killed", w);
        }
        killSeenDescendants(w);
    }

    /**
     * True when the exited worker's pid now names another process. The kernel frees a pid only
     * once no group or session uses it, so then nothing of the worker's is left to find, and
     * the group or session with that id belongs to someone else.
     */
    static boolean pidReused(RunningWorker w) {
        return ProcStat.read(w.pid).map(s -> s.startTime() != w.startTime).orElse(false);
    }

    private static void killSeenDescendants(RunningWorker w) {
        for (ProcessHandle h : w.descendants) {
            // ProcessHandle remembers the start time: destroy never reaches a reused pid
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    /**
     * One /proc scan for several exited workers: SIGKILLs every live process whose session or
     * group is one of theirs and that started no earlier than that worker.
     *
     * @return how many were killed
     */
    static int sweepSessions(Collection<RunningWorker> exited) {
        Map<Long, RunningWorker> bySession = new HashMap<>();
        for (RunningWorker w : exited) {
            // a worker with a cgroup had all of it killed at its exit: no scan for it
            if (w.group == null && w.startTime >= 0 && !pidReused(w)) {
                bySession.put((long) w.pid, w);
            }
        }
        if (bySession.isEmpty()) {
            return 0;
        }
        int killed = 0;
        for (ProcStat s : ProcStat.all()) {
            RunningWorker w = bySession.getOrDefault(s.session(), bySession.get(s.pgrp()));
            if (w != null && s.startTime() >= w.startTime && !s.zombie() && s.pid() != w.pid
                    && Kill.kill(s.pid(), Kill.SIGKILL)) {
                killed++;
                log.info("{} left a process behind: killed leftoverPid={} comm={}", w, s.pid(), s.comm());
            }
        }
        return killed;
    }
}
