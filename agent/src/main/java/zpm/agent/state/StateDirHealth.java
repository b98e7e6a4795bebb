package zpm.agent.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.os.PidRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What is wrong with the state directory, for agent.info's {@code stateDirProblems}: files found
 * corrupt at start-up (set aside, named), a directory that is no longer writable, and the last
 * failed write of pids.json or apps.json (cleared by the next write that succeeds).
 */
public final class StateDirHealth {

    private static final Logger log = LoggerFactory.getLogger(StateDirHealth.class);

    private final Path dir;
    private final List<String> startProblems = new CopyOnWriteArrayList<>();
    private final List<Supplier<String>> writers = new CopyOnWriteArrayList<>();

    public StateDirHealth(Path dir) {
        this.dir = dir;
    }

    /**
     * Blocking: a state file that cannot be read is renamed aside ({@code <name>.corrupt-<ms>}) so
     * that the agent starts with what is sound, and the next write does not destroy the evidence.
     */
    public void setAside(Path file, String why) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        String kept;
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            kept = "kept as " + aside;
        } catch (IOException e) {
            kept = "could not be set aside (" + e.getMessage() + ")";
        }
        String problem = file + " is corrupt (" + why + "), started without it; " + kept;
        log.warn("{}", problem);
        startProblems.add(problem);
    }

    /** A source of the last write error (null while writes succeed). */
    void watchWrites(Supplier<String> lastWriteError) {
        writers.add(lastWriteError);
    }

    public void watch(PidRegistry pids) {
        watchWrites(pids::lastWriteError);
    }

    /** Blocking (one access check): every problem now, empty when the directory is healthy. */
    public List<String> problemsBlocking() {
        List<String> out = new ArrayList<>(startProblems);
        if (!Files.isWritable(dir)) {
            out.add(dir + " is not writable: apps.start, apps.stop and apps.delete are refused"
                    + " and pids.json goes stale until it is");
        }
        for (Supplier<String> w : writers) {
            String e = w.get();
            if (e != null) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }
}
