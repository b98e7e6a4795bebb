package zpm.agent.core;

import java.util.Locale;

/** When an exited worker is forked again. Wire names: {@code always}, {@code on-failure}, {@code never}. */
public enum RestartPolicy {
    ALWAYS,
    ON_FAILURE,
    NEVER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the policy for a wire name, or null when there is none by that name */
    public static RestartPolicy fromWire(String name) {
        for (RestartPolicy p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
