package zpm.agent.os;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a worker's process tree. Policy: nothing a worker started outlives it. When the main
 * process ends, whatever is left of its group is SIGKILLed, and so is every process still in its
 * session that started after it (a child that moved to another group, e.g. a job-control shell),
 * and every descendant seen earlier by {@link #killTree}. A process that made its own session
 * (a double-forking daemon) is only caught when a killTree snapshot saw it.
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
        if (!w.process.isAlive()) {
            return;
        }
        List<ProcessHandle> seen = w.process.descendants().toList();
        w.descendants.addAll(seen);
        if (w.ownGroup) {
            Kill.killGroup(w.pid, Kill.SIGKILL);
        }
        // the JDK's own handle: it knows when the pid was reaped, so it never hits a reused pid
        w.process.destroyForcibly();
        killSeenDescendants(w);
        log.debug("{} tree killed descendants={}", w, seen.size());
    }

    /** Right after the main process exited: its group and the descendants seen earlier. */
    static void afterExit(RunningWorker w) {
        if (w.ownGroup && !pidReused(w) && Kill.killGroup(w.pid, Kill.SIGKILL)) {
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
            if (w.ownGroup && w.startTime >= 0 && !pidReused(w)) {
                bySession.put(w.pid, w);
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
