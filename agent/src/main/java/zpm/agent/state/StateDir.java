package zpm.agent.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.os.PidRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The agent's state directory before a supervisor uses it: created private (0700: the token and
 * the control socket live there), and cleared of the workers a killed agent left running.
 */
public final class StateDir {

    private static final Logger log = LoggerFactory.getLogger(StateDir.class);

    private StateDir() {
    }

    /** Blocking (files, /proc): the registry the new supervisor records its workers' pids in. */
    public static PidRegistry prepareBlocking(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir);
            try {
                Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                log.debug("state dir {} has no POSIX permissions", stateDir);
            }
        }
        int n = PidRegistry.endStale(stateDir);
        if (n > 0) {
            log.warn("ended {} process(es) left running by a previous agent (state dir {})", n, stateDir);
        }
        return new PidRegistry(stateDir);
    }
}
