package zpm.cli;

import zpm.repl.Cancel;
import zpm.repl.ConsoleSession;
import zpm.repl.ExitCodes;
import zpm.repl.Runner;
import zpm.repl.StreamOutput;
import zpm.repl.command.Commands;
import zpm.repl.command.Invocation;
import zpm.repl.command.UsageException;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** One run of {@code zpm}: its streams, global options, and the way verbs reach the agent. */
final class Cli {

    final Globals globals;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final StreamOutput output;
    final boolean stdinIsTty;

    Cli(Globals globals, InputStream in, PrintStream out, PrintStream err, boolean stdinIsTty) {
        this.globals = globals;
        this.in = in;
        this.out = out;
        this.err = err;
        this.output = new StreamOutput(out, err, "zpm");
        this.stdinIsTty = stdinIsTty;
    }

    /** A console command's words (as the console reads them), run against the agent. */
    int command(List<String> words, boolean json) {
        return run(Commands.parse(words), words, json);
    }

    /**
     * Runs {@code inv} against the agent of the state directory, started first when none runs.
     * Its words name the command in error messages.
     */
    int run(Invocation inv, List<String> words, boolean json) {
        return withAgent(link -> new Runner(link.session(), output, json, false, new Cancel(), null).run(inv, words), json);
    }

    /** What a verb does with the agent's connection; returns the exit code. */
    interface LinkUse {
        int use(AgentLink link);
    }

    /** Connects to the agent of the state directory (started first when none runs) and uses it. */
    int withAgent(LinkUse use) {
        return withAgent(use, false);
    }

    /**
     * As {@link #withAgent(LinkUse)}; with {@code json}, a failure to reach or start the agent is
     * also one {@code {"error": {"message"}}} document on stdout, as a failed call's is.
     */
    int withAgent(LinkUse use, boolean json) {
        try (AgentLink link = AgentLink.connect(globals, true, output)) {
            return use.use(link);
        } catch (ConsoleSession.Failure f) {
            return failed(f.getMessage(), f.exitCode(), json);
        } catch (AgentStarter.StartFailed f) {
            return failed(f.getMessage(), ExitCodes.CONNECTION, json);
        } catch (UsageException e) {
            return failed(e.getMessage(), ExitCodes.USAGE, json);
        }
    }

    private int failed(String message, int code, boolean json) {
        output.error(message);
        if (json) {
            out.println(Runner.errorDocument(null, message));
            out.flush();
        }
        return code;
    }
}
