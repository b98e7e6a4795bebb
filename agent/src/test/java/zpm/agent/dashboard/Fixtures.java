package zpm.agent.dashboard;

import zpm.agent.app.AgentProcess;

import java.io.IOException;
import java.nio.file.Path;

/** The config files and the clean-up the dashboard tests share. */
final class Fixtures {

    private Fixtures() {
    }

    /** A config with the app {@code sleepers} ({@code size} workers of sleep), then {@code moreApps} (YAML list items). */
    static Path sleepers(Path dir, int size, String moreApps) throws IOException {
        return AgentProcess.sleepersConfig(dir, size, moreApps);
    }

    /** Ends the browser, then the agent (each by pid); either may be null when its start failed. */
    static void end(Chromium chromium, AutoCloseable agent) throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
    }
}
