package zpm.agent.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Processes a test saw, by pid and start time, so that cleanup never hits a reused pid. */
final class Pids {

    record Seen(long pid, long startTime) {
    }

    private final List<Seen> seen = new ArrayList<>();

    /** Remembers a live process; returns its pid. */
    synchronized long track(long pid) {
        Optional<ProcStat> s = ProcStat.read(pid);
        s.ifPresent(st -> seen.add(new Seen(pid, st.startTime())));
        return pid;
    }

    /** SIGKILLs every tracked process that still runs (for @AfterEach). */
    synchronized void killAll() {
        for (Seen s : seen) {
            if (ProcStat.isRunning(s.pid, s.startTime)) {
                Kill.kill(s.pid, Kill.SIGKILL);
            }
        }
        seen.clear();
    }

    /** True when the tracked process ended (gone, a zombie, or its pid reused). */
    synchronized boolean gone(long pid) {
        for (Seen s : seen) {
            if (s.pid == pid) {
                return !ProcStat.isRunning(pid, s.startTime);
            }
        }
        throw new IllegalArgumentException("pid " + pid + " was never tracked");
    }

    /** The children of a process, from /proc (also for a process that is not ours). */
    static List<Long> childrenOf(long pid) {
        List<Long> out = new ArrayList<>();
        for (ProcStat s : ProcStat.all()) {
            if (s.ppid() == pid && !s.zombie()) {
                out.add(s.pid());
            }
        }
        return out;
    }
}
