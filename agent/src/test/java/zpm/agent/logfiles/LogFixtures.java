package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes log files in the contract's format, as the agent's writer does, for the readers' tests. */
public final class LogFixtures {

    private LogFixtures() {
    }

    /** {@code <ts> <id>/<slot> <text>} for an out line. */
    public static String line(Instant ts, long workerId, int slot, String text) {
        return line(new OutputLine(workerId, slot, "x", OutputLine.OUT, ts, text));
    }

    /** The file line of {@code l}, without its newline. */
    public static String line(OutputLine l) {
        String line = LogLineFormat.line(l);
        return line.substring(0, line.length() - 1);
    }

    /** Appends the lines, each with its newline. */
    public static void append(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the lines gzipped, as a rotated file with compress. */
    public static void gzip(Path file, List<String> lines) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String l : lines) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
