package zpm.cli;

import zpm.repl.command.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code zpm start CMD ARGS...} runs: a script by its extension with the interpreter a
 * user expects (.js node, .py python3, .jar java -jar, .sh sh), an executable file as itself,
 * or a command found on PATH; and the app name it defaults to (the script's base name).
 */
final class ScriptCommand {

    private static final Map<String, List<String>> INTERPRETERS = Map.of(
            "js", List.of("node"), "mjs", List.of("node"), "cjs", List.of("node"),
            "py", List.of("python3"), "jar", List.of("java", "-jar"), "sh", List.of("sh"));

    private ScriptCommand() {
    }

    /**
     * @param cwd  where the app runs (relative scripts are looked up there)
     * @param path the PATH to look commands up in
     * @throws UsageException when the script or its interpreter is not found
     */
    static List<String> command(List<String> words, Path cwd, String path) {
        String first = words.get(0);
        List<String> interpreter = INTERPRETERS.get(extension(first));
        Path file = cwd.resolve(first);
        List<String> cmd = new ArrayList<>();
        if (interpreter != null) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("no file " + file + " (give the script's path, relative to --cwd or here)");
            }
            if (lookUp(interpreter.get(0), path) == null) {
                throw new UsageException(first + " needs " + interpreter.get(0) + ", which is not on PATH");
            }
            cmd.addAll(interpreter);
        } else if (first.contains("/") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("no file " + file);
            }
            if (!Files.isExecutable(file)) {
                throw new UsageException(file + " is not executable (chmod +x it, or name its interpreter: "
                        + "zpm start sh " + first + ")");
            }
        } else if (lookUp(first, path) == null) {
            throw new UsageException("no file or command named " + first + " (not here, not on PATH)");
        }
        cmd.addAll(words);
        return cmd;
    }

    /** "app" for app.js, server.py, dist/app.jar; the command's own name otherwise. */
    static String defaultName(List<String> words) {
        String first = Path.of(words.get(0)).getFileName().toString();
        int dot = first.lastIndexOf('.');
        return dot > 0 ? first.substring(0, dot) : first;
    }

    private static String extension(String word) {
        String name = Path.of(word).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private static Path lookUp(String command, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
