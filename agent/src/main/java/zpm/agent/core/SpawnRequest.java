package zpm.agent.core;

import java.util.List;
import java.util.Map;

/**
 * One fork: everything the OS layer needs, already decided by the core.
 *
 * @param workerId the new worker id (also its generation: a fact about an older id is stale)
 * @param app      the app name
 * @param slot     the slot the worker fills
 * @param command  argv
 * @param cwd      working directory or null
 * @param env      the full extra environment: the app's env plus ZPM_* and PORT
 * @param notifySocket give the worker a NOTIFY_SOCKET and report what it sends there
 * @param limits   the app's kernel limits, each worker's own ({@link AppSpec.Limits#NONE}: none)
 * @param user     run as this user, or null (the agent's)
 * @param group    run with this group, or null (the user's own)
 */
public record SpawnRequest(long workerId, String app, int slot, List<String> command, String cwd,
                           Map<String, String> env, boolean notifySocket, AppSpec.Limits limits, String user,
                           String group) {
    public SpawnRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        if (limits == null) {
            limits = AppSpec.Limits.NONE;
        }
    }

    public SpawnRequest(long workerId, String app, int slot, List<String> command, String cwd,
                        Map<String, String> env, boolean notifySocket, AppSpec.Limits limits) {
        this(workerId, app, slot, command, cwd, env, notifySocket, limits, null, null);
    }

    public SpawnRequest(long workerId, String app, int slot, List<String> command, String cwd,
                        Map<String, String> env, boolean notifySocket) {
        this(workerId, app, slot, command, cwd, env, notifySocket, AppSpec.Limits.NONE);
    }

    public SpawnRequest(long workerId, String app, int slot, List<String> command, String cwd,
                        Map<String, String> env) {
        this(workerId, app, slot, command, cwd, env, false);
    }
}
