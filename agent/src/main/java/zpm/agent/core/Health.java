package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of an app's health. {@code danger} is emitted on both of its edges; entering
 * fatal emits {@code fatal}; leaving fatal has no event of its own (the operator's resize or
 * restart that clears it shows), it is logged. Core thread only.
 */
final class Health {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Events events;

    Health(Events events) {
        this.events = events;
    }

    /** @param why the danger event's reason, when danger changes */
    void set(App a, AppHealth to, String why) {
        AppHealth was = a.health;
        a.health = to;
        if (!was.fatal() && to.fatal()) {
            log.info("app={} given up: {}", a.name(), to.fatalReason());
            events.fatal(a, to.fatalReason());
        } else if (was.fatal() && !to.fatal()) {
            log.info("app={} no longer given up: {}", a.name(), why);
        }
        if (was.danger() != to.danger()) {
            events.danger(a, to.danger(), why);
        }
    }
}
