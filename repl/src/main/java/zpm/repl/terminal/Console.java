package zpm.repl.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import zpm.repl.Cancel;
import zpm.repl.ExitCodes;
import zpm.repl.FleetView;
import zpm.repl.LiveNames;
import zpm.repl.Options;
import zpm.repl.Runner;
import zpm.repl.ConsoleSession;
import zpm.repl.TokenSource;
import zpm.repl.Watch;
import zpm.repl.command.Completions;
import zpm.repl.command.UsageException;
import zpm.repl.command.Words;
import zpm.repl.render.Units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The interactive console: a JLine line reader with Tab completion and history, Ctrl-C to stop
 * waiting for the running command, Ctrl-D to quit, and events printed above the prompt.
 */
public final class Console {

    /** Tries at a token typed at the prompt. */
    private static final int MAX_PROMPTS = 3;

    private final Options options;
    private final Map<String, String> env;
    private final String home;
    private final Terminal terminal;
    private final TerminalOutput out;
    /** Set once the console runs: what {@link #redraw} asks for the prompt. */
    private volatile Watch promptSource;

    private Console(Options options, Map<String, String> env, String home, Terminal terminal) {
        this.options = options;
        this.env = env;
        this.home = home;
        this.terminal = terminal;
        this.out = new TerminalOutput(terminal, colorful(terminal, options, env));
    }

    /** Runs the console until quit or Ctrl-D; returns the exit code. */
    public static int run(Options options, Map<String, String> env, String home) {
        Terminal terminal;
        try {
            // dumb(true): fall back to a plain terminal without a warning; SIG_IGN: JLine takes
            // the signals, and INT is routed to the running command below.
            terminal = TerminalBuilder.builder().name("zpm-repl").system(true).dumb(true)
                    .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
        } catch (IOException e) {
            System.err.println("zpm-repl: no terminal (" + e.getMessage() + "): use -c \"CMD; CMD\" or pipe commands in");
            return ExitCodes.USAGE;
        }
        try (terminal) {
            return new Console(options, env, home, terminal).session();
        } catch (IOException e) {
            return ExitCodes.OK; // closing the terminal failed: nothing left to do
        }
    }

    private int session() {
        ConsoleSession session;
        try {
            session = open();
        } catch (UsageException e) {
            out.error("zpm-repl: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (ConsoleSession.Failure f) {
            out.error("zpm-repl: " + f.getMessage());
            return f.exitCode();
        }
        try (session) {
            return loop(session);
        }
    }

    /** Connects; a token typed wrong at the prompt may be typed again, as ssh asks for a password again. */
    private ConsoleSession open() {
        for (int attempt = 1; ; attempt++) {
            TokenSource token = TokenSource.resolve(options, env, home, this::askToken);
            try {
                return ConsoleSession.open(options, token, TokenSource.stateDir(options, env, home), true);
            } catch (ConsoleSession.Failure f) {
                boolean typed = TokenSource.PROMPT.equals(token.from());
                if (f.exitCode() != ExitCodes.AUTH || !typed || attempt == MAX_PROMPTS) {
                    throw f;
                }
                out.error(f.getMessage());
            }
        }
    }

    private int loop(ConsoleSession session) {
        Cancel cancel = new Cancel();
        // The fleet's node names change the prompt: redraw it once the reader (built with them for Tab) reads.
        LineReader[] built = new LineReader[1];
        FleetView fleet = new FleetView(session.client(), () -> redraw(built[0]));
        LiveNames names = new LiveNames(session.client(), fleet);
        LineReader reader = reader(names);
        built[0] = reader;
        Watch watch = new Watch(session, out, ZoneId.systemDefault(), () -> redraw(reader), fleet);
        Runner runner = new Runner(session, out, options.json(), true, cancel, names::apps, watch.fleet());
        promptSource = watch;
        out.attach(reader);
        watch.start(greet(session));
        terminal.handle(Terminal.Signal.INT, s -> cancel.fire());
        while (true) {
            String line;
            try {
                line = reader.readLine(watch.prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt clears the line, as in a shell
            } catch (EndOfFileException e) {
                return ExitCodes.OK;
            }
            if (runLine(line, runner, watch)) {
                return ExitCodes.OK;
            }
            names.invalidate();
            watch.refreshApps();
        }
    }

    /** Runs the commands of one line; true when one of them was quit. */
    private boolean runLine(String line, Runner runner, Watch watch) {
        List<List<String>> commands;
        try {
            commands = Words.commands(line);
        } catch (UsageException e) {
            out.error(e.getMessage());
            return false;
        }
        for (List<String> words : commands) {
            watch.busy(true);
            Attributes typing = quiet();
            try {
                runner.execute(words);
            } finally {
                terminal.setAttributes(typing);
                watch.busy(false);
            }
            if (runner.quitRequested()) {
                return true;
            }
        }
        return false;
    }

    /**
     * No echo while a command runs: what is typed meanwhile (during events, logs -f) would mix
     * with the output. It is not lost: the next prompt reads it. Returns the attributes to restore.
     */
    private Attributes quiet() {
        Attributes before = terminal.getAttributes();
        Attributes quiet = new Attributes(before);
        quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        terminal.setAttributes(quiet);
        return before;
    }

    /** A new prompt (app count, connection) while a line is being typed: redraw it in place. */
    private void redraw(LineReader reader) {
        if (!(reader instanceof LineReaderImpl impl) || !impl.isReading() || promptSource == null) {
            return;
        }
        try {
            // REDISPLAY alone: it diffs against what is on screen, so a shorter prompt leaves nothing behind.
            impl.setPrompt(promptSource.prompt());
            impl.callWidget(LineReader.REDISPLAY);
        } catch (IllegalStateException e) {
            // The line was accepted meanwhile: the next prompt is drawn fresh anyway.
        }
    }

    /** One line about the agent; returns its app count (-1 when it did not say). */
    private int greet(ConsoleSession session) {
        String help = "help lists the commands, Tab completes, Ctrl-C stops waiting, Ctrl-D quits";
        try {
            JsonNode info = session.client().call("agent.info");
            String host = info.path("host").asText("?");
            String node = info.path("node").asText(host); // an agent before fleets has no node
            out.println("connected to zpm agent " + info.path("version").asText("?")
                    + (node.equals(host) ? " on " + host : ", node " + node + " on host " + host)
                    + " (pid " + info.path("pid").asText("?") + ", up "
                    + Units.duration(info.path("uptimeMs").asLong(-1)) + "): " + help);
            return info.path("apps").size();
        } catch (RuntimeException e) {
            out.println("connected to " + session.endpoint() + ": " + help);
            return -1;
        }
    }

    private LineReader reader(LiveNames names) {
        LineReaderBuilder b = LineReaderBuilder.builder().appName("zpm-repl").terminal(terminal)
                .completer(new ReplCompleter(new Completions(names)))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is not history expansion here
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5000);
        Path history = TokenSource.defaultStateDir(env, home).resolve("repl_history");
        try {
            Files.createDirectories(history.getParent());
            b.variable(LineReader.HISTORY_FILE, history);
        } catch (IOException e) {
            out.error("(no history across runs: cannot create " + history.getParent() + ": " + e.getMessage() + ")");
        }
        return b.build();
    }

    /** The token typed at a masked prompt; null when the operator gives up (Ctrl-C, Ctrl-D). */
    private String askToken(String prompt) {
        LineReader r = LineReaderBuilder.builder().terminal(terminal)
                .variable(LineReader.DISABLE_HISTORY, true).build();
        try {
            return r.readLine(prompt, '*');
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    private static boolean colorful(Terminal t, Options o, Map<String, String> env) {
        if (o.noColor() || env.get("NO_COLOR") != null) {
            return false;
        }
        Integer colors = t.getNumericCapability(InfoCmp.Capability.max_colors);
        return colors != null && colors >= 8 && !Terminal.TYPE_DUMB.equals(t.getType());
    }
}
