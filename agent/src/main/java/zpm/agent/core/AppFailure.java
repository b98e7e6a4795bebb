package zpm.agent.core;

/** Why an app was given up on ({@link AppState#FATAL}), as a type beside the human text. */
public enum AppFailure {
    /** The command could not be started at all (not found, not executable, bad cwd...). */
    SPAWN_FAILED,
    /** Its workers kept dying younger than minRestartAgeMs until the backoff ladder ran out. */
    CRASH_LOOP
}
