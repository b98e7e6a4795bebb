package zpm.cli;

import zpm.repl.Endpoint;
import zpm.repl.TokenSource;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the options before the verb say: which agent to talk to, and what an agent that zpm
 * starts is given.
 *
 * @param stateDir   --state-dir, else ZPM_STATE_DIR, else the agent's default
 * @param defaultDir true when it is the default one (the agent then gets the default ports)
 * @param rpc        --rpc HOST:PORT, or null
 * @param http       --http HOST:PORT, or null
 * @param zpmHome    the install or checkout root, where bin/zpm-agent is
 */
record Globals(Path stateDir, boolean defaultDir, String rpc, String http, Map<String, String> env, String home,
               Path zpmHome) {

    static final String STATE_DIR_ENV = "ZPM_STATE_DIR";

    static Globals of(String stateDirFlag, String rpc, String http, Map<String, String> env, String home, Path zpmHome) {
        Path defaultDir = TokenSource.defaultStateDir(env, home);
        String given = stateDirFlag != null ? stateDirFlag : blankToNull(env.get(STATE_DIR_ENV));
        Path dir = (given != null ? Path.of(given) : defaultDir).toAbsolutePath().normalize();
        if (rpc != null) {
            Endpoint.parse(rpc); // a bad address is a usage error now, not after an agent started
        }
        if (http != null) {
            Endpoint.parse(http);
        }
        return new Globals(dir, dir.equals(defaultDir.toAbsolutePath().normalize()), rpc, http, env, home, zpmHome);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
