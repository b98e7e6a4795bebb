package zpm.agent.core;

import java.util.List;

/**
 * How a rolling restart ended.
 *
 * @param replaced the old worker ids that were replaced, in order
 * @param started  the new worker ids that took their places
 * @param ok       true when every targeted worker was replaced
 * @param error    why it stopped early, or null
 */
public record RestartResult(List<Long> replaced, List<Long> started, boolean ok, String error) {
    public RestartResult {
        replaced = List.copyOf(replaced);
        started = List.copyOf(started);
    }
}
