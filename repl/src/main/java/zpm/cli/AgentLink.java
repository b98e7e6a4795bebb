package zpm.cli;

import zpm.repl.ConsoleSession;
import zpm.repl.Endpoint;
import zpm.repl.Options;
import zpm.repl.Output;
import zpm.repl.TokenSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * Finds the agent of the state directory (agent.json), or the one --rpc names, or starts one
 * in the background; then connects and logs in with the state directory's token (or ZPM_TOKEN).
 *
 * @param agent the agent's address file, or null for an agent found only by --rpc
 */
record AgentLink(ConsoleSession session, AgentFile agent, Endpoint endpoint) implements AutoCloseable {

    /** The agent if one runs, without starting one. */
    static Optional<AgentFile> find(Globals g) {
        return AgentFile.live(g.stateDir());
    }

    /**
     * Connects to the running agent; when there is none, starts one if {@code startIfNone},
     * else returns null.
     *
     * @throws ConsoleSession.Failure            connection or token refused
     * @throws AgentStarter.StartFailed          no agent could be started
     * @throws zpm.repl.command.UsageException   a bad address
     */
    static AgentLink connect(Globals g, boolean startIfNone, Output out) {
        AgentFile agent = find(g).orElse(null);
        String rpc;
        if (agent != null) {
            rpc = g.rpc() != null ? g.rpc() : agent.rpc();
        } else if (g.rpc() != null && answers(Endpoint.parse(g.rpc()))) {
            rpc = g.rpc(); // an agent without agent.json (another machine, or one started by hand before)
        } else if (!startIfNone) {
            return null;
        } else {
            agent = AgentStarter.start(AgentStarter.command(g.zpmHome(), g.stateDir(), g.defaultDir(), g.rpc(), g.http()),
                    g.stateDir());
            out.error("no agent on " + g.stateDir() + ", started one (pid " + agent.pid() + ")");
            rpc = agent.rpc();
        }
        Options o = Options.parse(new String[]{rpc, "--state-dir", g.stateDir().toString()});
        TokenSource token = TokenSource.resolve(o, g.env(), g.home(), null);
        return new AgentLink(ConsoleSession.open(o, token, g.stateDir(), false), agent, o.endpoint());
    }

    private static boolean answers(Endpoint ep) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ep.host(), ep.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
