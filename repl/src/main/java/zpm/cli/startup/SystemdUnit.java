package zpm.cli.startup;

import java.nio.file.Path;

/**
 * TEMPORARY STUB in helper 1's clone, so that the startup verbs compile: helper 4 writes the
 * real SystemdUnit (unit text, install, uninstall); the integrator keeps theirs and drops this file.
 */
public final class SystemdUnit {

    /** As the contract fixes it. */
    public record Options(boolean user, Path zpmHome, Path stateDir, String javaHome, String rpc, String http) {
    }

    private SystemdUnit() {
    }

    public static String unit(Options o) {
        throw new UnsupportedOperationException("startup: not built yet");
    }

    /** Writes and enables the unit; returns what it did, for the operator. */
    public static String install(Options o) {
        throw new UnsupportedOperationException("startup: not built yet");
    }

    /** Disables and removes the unit; returns what it did. */
    public static String uninstall(Options o) {
        throw new UnsupportedOperationException("startup: not built yet");
    }
}
