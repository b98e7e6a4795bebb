package zpm.repl;

import zpm.repl.command.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the token came from, for messages that tell the operator what to try next.
 *
 * @param token the token, or null when none was found
 * @param from  "--token", "ZPM_TOKEN", a file name, "the prompt", or "nowhere"
 * @param file  the file it was read from, or null
 */
public record TokenSource(String token, String from, Path file) {

    public TokenSource(String token, String from) {
        this(token, from, null);
    }

    public static final String ENV = "ZPM_TOKEN";
    /** {@link #from()} of a token typed at the prompt. */
    public static final String PROMPT = "the prompt";

    /**
     * The token, from the first that has one: --token, --token-file, ZPM_TOKEN, a local agent's
     * token file, the prompt (when {@code prompt} is not null).
     *
     * @param prompt asks the operator (masked), or null where nobody can answer
     * @throws UsageException when --token-file cannot be read
     */
    public static TokenSource resolve(Options o, Map<String, String> env, String home, Function<String, String> prompt) {
        if (o.token != null) {
            return new TokenSource(o.token.strip(), "--token");
        }
        if (o.tokenFile != null) {
            return fromFile(Path.of(o.tokenFile), true);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new TokenSource(fromEnv.strip(), ENV);
        }
        if (o.endpoint().isLocal()) {
            TokenSource local = fromFile(stateDir(o, env, home).resolve("token"), false);
            if (local.token() != null) {
                return local;
            }
        }
        if (prompt != null) {
            String typed = prompt.apply("token for " + o.endpoint() + ": ");
            if (typed != null && !typed.isBlank()) {
                return new TokenSource(typed.strip(), PROMPT);
            }
        }
        return new TokenSource(null, "nowhere");
    }

    /** The agent's default: {@code $XDG_STATE_HOME/zpm} (when absolute), else {@code ~/.local/state/zpm}. */
    public static Path stateDir(Options o, Map<String, String> env, String home) {
        return o.stateDir != null ? Path.of(o.stateDir) : defaultStateDir(env, home);
    }

    /** The agent's default state directory, where the console keeps its history too. */
    public static Path defaultStateDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "zpm");
        }
        return Path.of(home, ".local", "state", "zpm");
    }

    /**
     * The token as the client should send it at each connect: a token read from a file is read
     * again, so that a console reconnecting after {@code token rotate} (or after its agent came
     * back with a new token) logs in with the file's new content; the last good one otherwise.
     */
    public Supplier<String> live() {
        if (file == null) {
            return () -> token;
        }
        AtomicReference<String> last = new AtomicReference<>(token);
        return () -> {
            try {
                String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!t.isEmpty()) {
                    last.set(t);
                }
            } catch (IOException e) {
                // gone or unreadable for now: the token read before is the best guess
            }
            return last.get();
        };
    }

    private static TokenSource fromFile(Path file, boolean required) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.isEmpty() && required) {
                throw new UsageException("the token file " + file + " is empty");
            }
            return new TokenSource(t.isEmpty() ? null : t, file.toString(), file);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new UsageException("no token file " + file);
            }
        } catch (IOException e) {
            if (required) {
                throw new UsageException("cannot read the token file " + file + ": " + e.getMessage());
            }
        }
        return new TokenSource(null, "nowhere");
    }
}
