package zpm.agent.core;

import java.util.List;
import java.util.Map;

/**
 * What an app is: a named group of identical workers. Immutable; built by the config loader
 * (which resolves {@code "cpus"} to a number and fills defaults) or by an embedding program.
 *
 * @param name            unique in the agent
 * @param command         argv, not empty
 * @param cwd             working directory, null for the agent's
 * @param env             extra environment for the workers
 * @param size            the target number of workers, >= 0
 * @param port            the port the workers share, or null
 * @param restart         when an exited worker is forked again
 * @param backoff         restart pacing
 * @param minRestartAgeMs a worker dying younger than this puts the app in danger
 * @param killTimeoutMs   SIGTERM to SIGKILL
 * @param readiness       what "online" means
 * @param liveness        periodic health check, or null
 * @param maxMemoryMb     restart a worker whose tree's RSS stays above this, or null
 * @param watch           paths whose changes restart the app (dev mode)
 * @param stopSignal      the signal that asks a worker to leave (default TERM)
 * @param limits          hard kernel limits per worker (cgroup), {@link Limits#NONE} for none
 * @param logs            how the app's log files rotate, over the agent's settings; {@link LogRotation#INHERIT}
 *                        takes the agent's
 * @param user            run the workers as this user (name or uid; the agent must be root), or null
 * @param group           run the workers with this group (name or gid), or null: the user's own
 * @param autostart       false: the app is declared at size 0 and started by a restart or resize
 */
public record AppSpec(String name, List<String> command, String cwd, Map<String, String> env,
                      int size, Integer port, RestartPolicy restart, BackoffSpec backoff,
                      long minRestartAgeMs, long killTimeoutMs, ProbeSpec readiness,
                      ProbeSpec liveness, Integer maxMemoryMb, List<String> watch,
                      Signal stopSignal, Limits limits, LogRotation logs, String user, String group,
                      boolean autostart) {

    public static final long DEFAULT_MIN_RESTART_AGE_MS = 2_000;
    public static final long DEFAULT_KILL_TIMEOUT_MS = 5_000;

    public AppSpec {
        command = List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        watch = watch == null ? List.of() : List.copyOf(watch);
        if (readiness == null) {
            readiness = ProbeSpec.NONE;
        }
        if (backoff == null) {
            backoff = BackoffSpec.DEFAULT;
        }
        if (restart == null) {
            restart = RestartPolicy.ALWAYS;
        }
        if (stopSignal == null) {
            stopSignal = Signal.TERM;
        }
        if (limits == null) {
            limits = Limits.NONE;
        }
        if (logs == null) {
            logs = LogRotation.INHERIT;
        }
    }

    /** A spec run as the agent's user, started at once. */
    public AppSpec(String name, List<String> command, String cwd, Map<String, String> env,
                   int size, Integer port, RestartPolicy restart, BackoffSpec backoff,
                   long minRestartAgeMs, long killTimeoutMs, ProbeSpec readiness,
                   ProbeSpec liveness, Integer maxMemoryMb, List<String> watch,
                   Signal stopSignal, Limits limits, LogRotation logs) {
        this(name, command, cwd, env, size, port, restart, backoff, minRestartAgeMs, killTimeoutMs,
                readiness, liveness, maxMemoryMb, watch, stopSignal, limits, logs, null, null, true);
    }

    /** A spec whose log files rotate as the agent's settings say. */
    public AppSpec(String name, List<String> command, String cwd, Map<String, String> env,
                   int size, Integer port, RestartPolicy restart, BackoffSpec backoff,
                   long minRestartAgeMs, long killTimeoutMs, ProbeSpec readiness,
                   ProbeSpec liveness, Integer maxMemoryMb, List<String> watch,
                   Signal stopSignal, Limits limits) {
        this(name, command, cwd, env, size, port, restart, backoff, minRestartAgeMs, killTimeoutMs,
                readiness, liveness, maxMemoryMb, watch, stopSignal, limits, LogRotation.INHERIT);
    }

    /** A spec with the default stop signal (TERM) and no kernel limits. */
    public AppSpec(String name, List<String> command, String cwd, Map<String, String> env,
                   int size, Integer port, RestartPolicy restart, BackoffSpec backoff,
                   long minRestartAgeMs, long killTimeoutMs, ProbeSpec readiness,
                   ProbeSpec liveness, Integer maxMemoryMb, List<String> watch) {
        this(name, command, cwd, env, size, port, restart, backoff, minRestartAgeMs, killTimeoutMs,
                readiness, liveness, maxMemoryMb, watch, Signal.TERM, Limits.NONE, LogRotation.INHERIT);
    }

    /**
     * Hard per-worker limits the kernel enforces through the worker's cgroup.
     *
     * @param memoryMb   memory ceiling in MiB (the kernel's OOM killer ends the worker above it), or null
     * @param cpuPercent CPU time ceiling, 100 = one whole CPU, or null
     */
    public record Limits(Integer memoryMb, Integer cpuPercent) {
        public static final Limits NONE = new Limits(null, null);

        public boolean any() {
            return memoryMb != null || cpuPercent != null;
        }
    }

    /**
     * How log files rotate ({@code logs} of an app, and of the agent): each field null takes the
     * value of the level above (app over agent over the defaults).
     *
     * @param maxBytes a live file is rotated before a line would take it past this size
     * @param keep     rotated files kept (0: none)
     * @param compress gzip rotated files
     * @param daily    also rotate at the first line after UTC midnight
     */
    public record LogRotation(Long maxBytes, Integer keep, Boolean compress, Boolean daily) {
        public static final LogRotation INHERIT = new LogRotation(null, null, null, null);

        /** This rotation, each field left null taken from {@code below}. */
        public LogRotation over(LogRotation below) {
            return new LogRotation(maxBytes != null ? maxBytes : below.maxBytes,
                    keep != null ? keep : below.keep,
                    compress != null ? compress : below.compress,
                    daily != null ? daily : below.daily);
        }

        public boolean any() {
            return maxBytes != null || keep != null || compress != null || daily != null;
        }
    }

    /** A spec with the README's defaults: restart always, backoff 1 s..16 s, kill timeout 5 s. */
    public static AppSpec of(String name, int size, List<String> command) {
        return new AppSpec(name, command, null, Map.of(), size, null, RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, DEFAULT_MIN_RESTART_AGE_MS, DEFAULT_KILL_TIMEOUT_MS,
                ProbeSpec.NONE, null, null, List.of());
    }

    public AppSpec withSize(int newSize) {
        return new AppSpec(name, command, cwd, env, newSize, port, restart, backoff, minRestartAgeMs,
                killTimeoutMs, readiness, liveness, maxMemoryMb, watch, stopSignal, limits, logs, user, group,
                autostart);
    }
}
