package zpm.agent.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine;
import zpm.agent.config.AgentOptions;
import zpm.agent.config.ConfigException;
import zpm.agent.config.ZpmConfig;
import zpm.agent.local.Agent;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * {@code zpm-agent}: reads flags and the config file, starts the agent, and stays up until a
 * signal or {@code agent.quit}. Exit codes: 0 after a graceful quit, 1 after a hard quit or a
 * failed start, 2 for bad flags or a bad config file.
 */
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_CONFIG = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Starts the agent; returns an exit code to exit with now, or -1 when the agent is running. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Resolved resolved = resolve(args, out, err);
        if (resolved.config() == null) {
            return resolved.exitCode();
        }
        if (resolved.options().daemon()) {
            return Daemon.launch(resolved.config().agent().stateDir(), out, err);
        }
        setLogLevel(resolved.config().agent().logLevel());
        return start(resolved.config(), resolved.options().daemonChild(), out, err);
    }

    /**
     * The exit code the flags and the config file lead to before anything starts: 0 after help,
     * 2 for bad flags or a bad config (each problem printed to {@code err}), or -1 when the agent
     * would start. The same path as {@link #main}, without starting or exiting: the config fuzz
     * calls it in-process.
     */
    public static int check(String[] args, PrintStream out, PrintStream err) {
        Resolved resolved = resolve(args, out, err);
        return resolved.config() == null ? resolved.exitCode() : -1;
    }

    /** A config to start with, or (config null) the exit code to exit with now. */
    private record Resolved(ZpmConfig config, int exitCode, AgentOptions options) {
    }

    private static Resolved resolve(String[] args, PrintStream out, PrintStream err) {
        AgentOptions options = new AgentOptions();
        CommandLine cli = options.commandLine();
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
                cli.printVersionHelp(out);
                if (cli.isUsageHelpRequested()) {
                    cli.usage(out);
                }
                return new Resolved(null, EXIT_OK, options);
            }
            return new Resolved(options.resolve(), -1, options);
        } catch (CommandLine.ParameterException e) {
            err.println("zpm-agent: " + e.getMessage());
            err.println("Try 'zpm-agent --help' for the flags.");
            return new Resolved(null, EXIT_BAD_CONFIG, options);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                err.println("zpm-agent: " + problem);
            }
            err.println("zpm-agent: not started: fix the config file and start again.");
            return new Resolved(null, EXIT_BAD_CONFIG, options);
        }
    }

    private static int start(ZpmConfig config, boolean detach, PrintStream out, PrintStream err) {
        AgentSignals signals = AgentSignals.install();
        // Few threads: the agent's work is small and event driven. One event loop: Netty 4.2 wakes
        // each loop once a second even when idle, and a second loop did not add JSON-RPC
        // throughput (2,400-2,600 status calls/s from 16 clients either way; -Dzpm.eventLoops=N).
        // The blocked-thread checker wakes once a second by default: a cost an idle agent feels.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Integer.getInteger("zpm.eventLoops", 1))
                .setWorkerPoolSize(4).setInternalBlockingPoolSize(2).setBlockedThreadCheckInterval(10_000));
        Startup running;
        try {
            running = Agent.await(Startup.start(vertx, config, signals, detach), 60);
        } catch (RuntimeException e) {
            err.println("zpm-agent: could not start: " + e.getMessage());
            vertx.close();
            return EXIT_FAILED;
        }
        out.println(banner(config, running));
        signals.attach(running);
        return -1;
    }

    private static String banner(ZpmConfig config, Startup running) {
        String apps = config.apps().isEmpty() ? "none from a config file"
                : config.apps().stream().map(a -> a.name() + "(" + a.size() + ")").collect(Collectors.joining(", "));
        String rpc = config.agent().rpc().host() + ":" + running.servers.tcpPort();
        String http = config.agent().http().host() + ":" + running.servers.httpPort();
        return "zpm agent pid=" + ProcessHandle.current().pid() + " supervising: " + apps
                + "\n  state dir: " + config.agent().stateDir()
                + "\n  log files: " + (config.agent().logDir() == null ? "none (--log-dir none)" : config.agent().logDir())
                + (config.source() != null ? "\n  config: " + config.source() : "")
                + (config.agent().cluster() != null
                        ? "\n  " + FleetJoin.bannerLine(config.agent().node(), config.agent().cluster()) : "")
                + "\n  JSON-RPC: tcp " + rpc + ", http http://" + http + "/rpc (token in " + running.servers.tokenFile() + ")"
                + "\n  console: bin/zpm-repl connect " + rpc + " --token-file " + running.servers.tokenFile()
                + "\n  Ctrl-C or SIGTERM: graceful quit; a second Ctrl-C: hard quit; SIGHUP: rolling restart of every app";
    }

    /**
     * slf4j-simple gives each logger its level when the logger is created: this runs before any
     * class of the agent asks for one (nothing on the flag and config path logs). A level given
     * with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} stays.
     */
    private static void setLogLevel(String level) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
    }
}
