package zpm.repl;

import zpm.repl.command.Commands;
import zpm.repl.command.Invocation;
import zpm.repl.command.UsageException;
import zpm.repl.command.Words;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Commands from -c or from stdin, without a terminal: plain text or --json, no JLine at all.
 * A -c script is read whole first, so a typo runs nothing; stdin is run line by line. The run
 * goes on after a failed command and exits with the worst code; a lost connection ends it.
 */
final class ScriptMode {

    private ScriptMode() {
    }

    static int run(Options o, InputStream in, PrintStream out, PrintStream err, Map<String, String> env, String home,
                   boolean stdinIsTty) {
        StreamOutput output = new StreamOutput(out, err);
        List<List<String>> script = new ArrayList<>();
        List<Invocation> invocations = new ArrayList<>();
        if (o.hasScript() && !readScript(o, output, script, invocations)) {
            return ExitCodes.USAGE;
        }
        ConsoleSession session;
        try {
            Function<String, String> prompt = stdinIsTty && o.hasScript() ? ScriptMode::consolePrompt : null;
            TokenSource token = TokenSource.resolve(o, env, home, prompt);
            session = ConsoleSession.open(o, token, TokenSource.stateDir(o, env, home), false);
        } catch (UsageException e) {
            output.error(e.getMessage());
            return ExitCodes.USAGE;
        } catch (ConsoleSession.Failure f) {
            output.error(f.getMessage());
            return f.exitCode();
        }
        try (session) {
            Runner runner = new Runner(session, output, o.json(), false, new Cancel(), null);
            return o.hasScript() ? runAll(runner, script, invocations) : runLines(runner, in, output);
        } finally {
            output.flush();
        }
    }

    private static boolean readScript(Options o, Output output, List<List<String>> script, List<Invocation> invs) {
        boolean ok = true;
        for (String s : o.scripts) {
            try {
                for (List<String> words : Words.commands(s)) {
                    invs.add(Commands.parse(words));
                    script.add(words);
                }
            } catch (UsageException e) {
                output.error(e.getMessage());
                ok = false;
            }
        }
        if (ok && script.isEmpty()) {
            output.error("-c holds no command (try -c \"status\")");
            ok = false;
        }
        return ok;
    }

    private static int runAll(Runner runner, List<List<String>> script, List<Invocation> invs) {
        int code = ExitCodes.OK;
        for (int i = 0; i < invs.size() && !runner.quitRequested(); i++) {
            code = ExitCodes.worst(code, runner.run(invs.get(i), script.get(i)));
            if (code >= ExitCodes.CONNECTION) {
                break;
            }
        }
        return code;
    }

    private static int runLines(Runner runner, InputStream in, Output output) {
        int code = ExitCodes.OK;
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String line;
            while (!runner.quitRequested() && code < ExitCodes.CONNECTION && (line = lines.readLine()) != null) {
                code = ExitCodes.worst(code, runLine(runner, line, output));
            }
        } catch (IOException e) {
            output.error("cannot read stdin: " + e.getMessage());
            code = ExitCodes.worst(code, ExitCodes.USAGE);
        }
        return code;
    }

    private static int runLine(Runner runner, String line, Output output) {
        List<List<String>> commands;
        try {
            commands = Words.commands(line);
        } catch (UsageException e) {
            output.error(e.getMessage());
            return ExitCodes.USAGE;
        }
        int code = ExitCodes.OK;
        for (List<String> words : commands) {
            if (runner.quitRequested() || code >= ExitCodes.CONNECTION) {
                break;
            }
            code = ExitCodes.worst(code, runner.execute(words));
        }
        return code;
    }

    /** The token typed without echo, when a person runs a -c script from a terminal. */
    private static String consolePrompt(String prompt) {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        char[] typed = c.readPassword("%s", prompt);
        return typed == null ? null : new String(typed);
    }
}
