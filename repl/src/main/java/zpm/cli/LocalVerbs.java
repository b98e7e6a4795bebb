package zpm.cli;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import zpm.cli.monit.Monit;
import zpm.cli.startup.SystemdUnit;
import zpm.repl.ConsoleSession;
import zpm.repl.ExitCodes;
import zpm.repl.Main;
import zpm.repl.command.UsageException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The verbs that do more than one call: console, monit, startup, unstartup, kill, help. */
final class LocalVerbs {

    /** The agent stops every worker first; each may take its kill timeout. */
    private static final long QUIT_WAIT_SECONDS = 120;

    private LocalVerbs() {
    }

    static Verb console() {
        return Verb.of("console", List.of(), "the interactive console (zpm-repl) on the same agent", "", List.of(),
                List.of(), false, (p, cli) -> cli.withAgent(link -> Main.run(new String[]{link.endpoint().toString(),
                        "--state-dir", cli.globals.stateDir().toString()}, cli.in, cli.out, cli.err, cli.globals.env(),
                        cli.globals.home(), cli.stdinIsTty)));
    }

    static Verb monit() {
        return Verb.of("monit", List.of(), "a live full-screen view of the workers, events and logs", "q quits.",
                List.of("[APP]"), List.of(), false, (p, cli) -> cli.withAgent(link -> {
                    try (Terminal t = TerminalBuilder.builder().system(true).build()) {
                        return Monit.run(link.session().client(), t, p.pos(0));
                    } catch (IOException e) {
                        cli.output.error("cannot open the terminal: " + e.getMessage());
                        return ExitCodes.FAILED;
                    }
                }));
    }

    static Verb startup() {
        return Verb.of("startup", List.of(), "print (or --install) a systemd unit that starts the agent at boot",
                "With --user, a user unit: run 'loginctl enable-linger $USER' for it to start at boot.",
                List.of("[SYSTEM]"), List.of(CliSpec.flag("--user", "a user unit (systemctl --user)"),
                        CliSpec.flag("--install", "write and enable the unit")), false, (p, cli) -> {
                    if (p.pos(0) != null && !p.pos(0).equals("systemd")) {
                        throw new UsageException("only systemd is supported (got " + p.pos(0) + ")");
                    }
                    SystemdUnit.Options o = unitOptions(cli, p.flag("--user"));
                    return startupStep(cli, () -> {
                        if (!p.flag("--install")) {
                            return SystemdUnit.unit(o);
                        }
                        Path file = SystemdUnit.install(o);
                        return "installed and enabled " + file + (o.user() ? "\n" + SystemdUnit.lingerHint() : "");
                    });
                });
    }

    static Verb unstartup() {
        return Verb.of("unstartup", List.of(), "disable and remove the systemd unit of zpm startup --install", "",
                List.of("[SYSTEM]"), List.of(CliSpec.flag("--user", "the user unit")), false,
                (p, cli) -> startupStep(cli, () -> {
                    SystemdUnit.Options o = unitOptions(cli, p.flag("--user"));
                    return SystemdUnit.uninstall(o) ? "disabled and removed " + SystemdUnit.unitFile(o)
                            : "no unit at " + SystemdUnit.unitFile(o) + ": nothing to remove";
                }));
    }

    private static SystemdUnit.Options unitOptions(Cli cli, boolean user) {
        Globals g = cli.globals;
        return new SystemdUnit.Options(user, g.zpmHome(), g.stateDir(), System.getProperty("java.home"), g.rpc(), g.http());
    }

    /** A step that prints one text, or fails with the OS's or systemctl's reason. */
    private interface Step {
        String run() throws IOException;
    }

    private static int startupStep(Cli cli, Step step) {
        try {
            cli.output.println(step.run());
            return ExitCodes.OK;
        } catch (IOException | UnsupportedOperationException | IllegalStateException e) {
            cli.output.error(e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    static Verb kill() {
        return Verb.of("kill", List.of("kill-daemon"), "quit the background agent gracefully (its workers first)",
                "Waits until the agent's process is gone. Without an agent: says so, exit 0.", List.of(), List.of(),
                false, LocalVerbs::kill);
    }

    private static int kill(Parsed p, Cli cli) {
        AgentLink link;
        try {
            link = AgentLink.connect(cli.globals, false, cli.output);
        } catch (ConsoleSession.Failure f) {
            cli.output.error(f.getMessage());
            return f.exitCode();
        }
        if (link == null) {
            cli.err.println("zpm: no agent running on " + cli.globals.stateDir());
            return ExitCodes.OK;
        }
        try (link) {
            long pid = link.agent() != null ? link.agent().pid()
                    : link.session().client().call("agent.info").path("pid").asLong();
            link.session().client().call("agent.quit");
            return awaitGone(cli, pid);
        } catch (RuntimeException e) {
            cli.output.error("kill: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private static int awaitGone(Cli cli, long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        try {
            if (h.isPresent()) {
                h.get().onExit().get(QUIT_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            cli.err.println("zpm: the agent (pid " + pid + ") quit");
            return ExitCodes.OK;
        } catch (TimeoutException e) {
            cli.output.error("the agent (pid " + pid + ") still runs after " + QUIT_WAIT_SECONDS + " s");
            return ExitCodes.FAILED;
        } catch (ExecutionException e) {
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    static Verb help() {
        return Verb.of("help", List.of(), "the verbs, or one verb's options", "", List.of("[VERB]"), List.of(), false,
                null); // Zpm prints it: it needs the whole command line
    }
}
