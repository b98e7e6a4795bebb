package zpm.agent.os;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The argv prefix every worker command runs under: {@code setpriv --pdeathsig KILL --}, which
 * asks the kernel to SIGKILL the worker when the thread that forked it ends (which includes the
 * agent being SIGKILLed). It execs in place, so it costs no extra process, and it finds the
 * worker's command with execvp on the worker's own PATH. (The new session and process group are
 * made by {@link NativeSpawn} itself.)
 *
 * @param prefix what goes before the worker's argv (empty: bare command); its first element is
 *               an absolute path
 */
public record SpawnWrapper(List<String> prefix) {

    private static final Logger log = LoggerFactory.getLogger(SpawnWrapper.class);

    public SpawnWrapper {
        prefix = List.copyOf(prefix);
    }

    /** No wrapper: the command outlives an agent SIGKILL until the next start ends it. */
    public static SpawnWrapper bare() {
        return new SpawnWrapper(List.of());
    }

    /** Finds setpriv on the agent's PATH; warns once when it is missing or unusable. */
    public static SpawnWrapper detect() {
        CommandResolver.Resolution setpriv = CommandResolver.resolve("setpriv", null, System.getenv("PATH"));
        if (setpriv.found() && pdeathsigWorks(setpriv.path().toString())) {
            return new SpawnWrapper(List.of(setpriv.path().toString(), "--pdeathsig", "KILL", "--"));
        }
        log.warn("setpriv --pdeathsig unavailable: workers outlive an agent killed by SIGKILL "
                + "until the next start ends them from pids.json");
        return bare();
    }

    /** The argv to start: the prefix, then the worker's command. */
    public List<String> wrap(List<String> command) {
        List<String> argv = new ArrayList<>(prefix.size() + command.size());
        argv.addAll(prefix);
        argv.addAll(command);
        return argv;
    }

    /**
     * The command run as another user and/or group: {@code setpriv --reuid U --regid G --init-groups
     * --pdeathsig KILL -- command} (group only: {@code --clear-groups}). It goes inside the wrapper
     * and after a cgroup prologue (which writes root's cgroup files), just before the command.
     * The kernel clears a parent-death signal when the credentials change: setpriv sets it again
     * after them. Null when there is no setpriv to do it.
     *
     * @param gid the group's gid, or the user's primary gid when no group is given
     */
    public List<String> runAs(List<String> command, Accounts.User user, long gid) {
        if (prefix.isEmpty()) {
            return null;
        }
        List<String> argv = new ArrayList<>(List.of(prefix.get(0)));
        if (user != null) {
            argv.addAll(List.of("--reuid", Long.toString(user.uid()), "--regid", Long.toString(gid),
                    "--init-groups"));
        } else {
            argv.addAll(List.of("--regid", Long.toString(gid), "--clear-groups"));
        }
        argv.addAll(List.of("--pdeathsig", "KILL", "--"));
        argv.addAll(command);
        return argv;
    }

    /** Old util-linux (before 2.33) has setpriv without --pdeathsig: try it once. */
    private static boolean pdeathsigWorks(String setpriv) {
        try {
            return NativeSpawn.run(setpriv, List.of(setpriv, "--pdeathsig", "KILL", "--", "true"),
                    System.getenv(), 10_000) == 0;
        } catch (NativeSpawn.Failure e) {
            return false;
        }
    }
}
