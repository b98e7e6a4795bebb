package zpm.agent.logfiles;

import java.nio.file.Path;

/**
 * Where an agent writes its log files and how they rotate unless an app says otherwise.
 *
 * @param dir      the log directory, or null: no files (lines in memory only)
 * @param rotation the agent's rotation
 */
public record LogSettings(Path dir, Rotation rotation) {

    public static final LogSettings OFF = new LogSettings(null, Rotation.DEFAULT);

    public LogSettings {
        rotation = rotation == null ? Rotation.DEFAULT : rotation;
    }

    /** The default: {@code <stateDir>/logs}, default rotation. */
    public static LogSettings under(Path stateDir) {
        return new LogSettings(stateDir.resolve("logs"), Rotation.DEFAULT);
    }

    public boolean enabled() {
        return dir != null;
    }
}
