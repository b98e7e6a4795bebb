package zpm.agent.logfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import zpm.agent.os.OutputLine;
import java.util.zip.GZIPInputStream;

/** Test helper: the lines of a log file and its rotated ones, oldest first (gzip or plain). */
public final class RotatedFiles {

    private RotatedFiles() {
    }

    /** Every line of {@code live}'s rotated files (from {@code .keep}) then of {@code live}. */
    public static List<String> lines(Path live, int keep) {
        List<String> out = new ArrayList<>();
        for (int i = keep; i >= 1; i--) {
            Path gz = live.resolveSibling(live.getFileName() + "." + i + ".gz");
            Path plain = live.resolveSibling(live.getFileName() + "." + i);
            if (Files.exists(gz)) {
                out.addAll(read(gz, true));
            } else if (Files.exists(plain)) {
                out.addAll(read(plain, false));
            }
        }
        if (Files.exists(live)) {
            out.addAll(read(live, false));
        }
        return out;
    }

    /** The texts of the lines (after {@code <ts> <id>/<slot> }). */
    public static List<String> texts(Path live, int keep) {
        return lines(live, keep).stream().map(l -> {
            OutputLine p = LogLineParser.parse("x", OutputLine.OUT, l);
            if (p == null) {
                throw new AssertionError("not a log line: " + l);
            }
            return p.text();
        }).toList();
    }

    public static List<String> read(Path file, boolean gz) {
        try (InputStream in = gz ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a condition with a deadline: tests never sleep and hope. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10); // re-check period, not a guess at how long something takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
