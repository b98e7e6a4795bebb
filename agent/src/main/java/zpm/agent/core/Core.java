package zpm.agent.core;

/**
 * The supervisor's parts, wired once: each part reaches the others through this, so the public
 * {@link Supervisor} stays a thin entry point. Core thread only.
 */
final class Core {

    final Clock clock;
    final Launcher launcher;
    final Probes probes;
    final Registry registry = new Registry();
    final Events events;
    final Transitions transitions;
    final Health health;
    final Reconciler reconciler = new Reconciler(this);
    /** The core's timers: each task is followed by a settle, like every command and fact. */
    final Scheduler scheduler;
    final Starts starts = new Starts(this);
    final Stops stops = new Stops(this);
    final Crashes crashes = new Crashes(this);
    final RollingRestart rolling = new RollingRestart(this);
    /** Set once by quit: nothing is forked any more. */
    boolean quitting;

    Core(Clock clock, Scheduler scheduler, Launcher launcher, Probes probes, EventSink sink, String node) {
        this.clock = clock;
        this.launcher = launcher;
        this.probes = probes;
        this.events = new Events(clock, sink, node);
        this.transitions = new Transitions(events);
        this.health = new Health(events);
        this.scheduler = (delayMs, task) -> scheduler.schedule(delayMs, () -> {
            task.run();
            reconciler.settle();
        });
    }

    /** Arms one of {@code w}'s timers; its state must allow it ({@link WorkerState#timers()}). */
    void arm(Worker w, WorkerTimer kind, long delayMs, Runnable task) {
        w.timers.arm(kind, w.state, scheduler, delayMs, task);
    }
}
