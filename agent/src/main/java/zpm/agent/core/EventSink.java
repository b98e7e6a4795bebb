package zpm.agent.core;

import zpm.protocol.event.LifecycleEvent;

/** Where the core's events go (the Vert.x event bus in the agent, a list in tests). */
@FunctionalInterface
public interface EventSink {
    void publish(LifecycleEvent event);
}
