package zpm.agent.os;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The argv prefix every worker command runs under: {@code setsid setpriv --pdeathsig KILL --}.
 *
 * <ul>
 *   <li>{@code setsid} makes the worker lead a new session and process group whose id is its
 *       pid: one kill(-pid) reaches the whole tree, and a Ctrl-C in the agent's terminal does not
 *       reach the workers. util-linux setsid forks only when its caller already leads a process
 *       group; a child of the JVM never does, so the pid the JDK reports is the worker's pid
 *       (checked by {@code OsLauncherIT}).</li>
 *   <li>{@code setpriv --pdeathsig KILL} asks the kernel to SIGKILL the worker when the thread
 *       that forked it ends, which includes the agent being SIGKILLed.</li>
 * </ul>
 * Both exec in place, so the chain costs no extra process. Paths are absolute so that the JDK
 * does not search the agent's PATH for them; the worker's own command is then found by
 * setpriv's execvp on the worker's PATH.
 *
 * @param prefix   what goes before the worker's argv (empty: bare command)
 * @param ownGroup true when workers lead their own process group and session (setsid present)
 */
public record SpawnWrapper(List<String> prefix, boolean ownGroup) {

    private static final Logger log = LoggerFactory.getLogger(SpawnWrapper.class);

    public SpawnWrapper {
        prefix = List.copyOf(prefix);
    }

    /** No wrapper: the command shares the agent's group and outlives an agent SIGKILL. */
    public static SpawnWrapper bare() {
        return new SpawnWrapper(List.of(), false);
    }

    /** Finds setsid and setpriv on the agent's PATH; warns once for each one missing or unusable. */
    public static SpawnWrapper detect() {
        String path = System.getenv("PATH");
        CommandResolver.Resolution setsid = CommandResolver.resolve("setsid", null, path);
        CommandResolver.Resolution setpriv = CommandResolver.resolve("setpriv", null, path);
        List<String> prefix = new ArrayList<>();
        if (setsid.found()) {
            prefix.add(setsid.path().toString());
        } else {
            log.warn("setsid not found: workers share the agent's process group, so signals cannot "
                    + "reach their children and a terminal Ctrl-C reaches them error=\"{}\"", setsid.error());
        }
        if (setpriv.found() && pdeathsigWorks(setpriv.path().toString())) {
            prefix.addAll(List.of(setpriv.path().toString(), "--pdeathsig", "KILL", "--"));
        } else {
            log.warn("setpriv --pdeathsig unavailable: workers outlive an agent killed by SIGKILL "
                    + "until the next start ends them from pids.json");
        }
        return new SpawnWrapper(prefix, setsid.found());
    }

    /** The argv to start: the prefix, then the worker's command. */
    public List<String> wrap(List<String> command) {
        List<String> argv = new ArrayList<>(prefix.size() + command.size());
        argv.addAll(prefix);
        argv.addAll(command);
        return argv;
    }

    /** Old util-linux (before 2.33) has setpriv without --pdeathsig: try it once. */
    private static boolean pdeathsigWorks(String setpriv) {
        try {
            Process p = new ProcessBuilder(setpriv, "--pdeathsig", "KILL", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
