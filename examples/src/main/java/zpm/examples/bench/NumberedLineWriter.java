package zpm.examples.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker of the log benchmark (examples/bench/logs-peers.sh), the same program under zpm, PM2
 * and supervisord: numbered lines of exactly {@code --line-bytes} bytes (newline included) to
 * stdout, as fast as it can, for {@code --seconds}. A line is {@link NumberedLine}: this worker's
 * pid, its sequence number, then filler.
 *
 * <p>Lines go out through one {@code --buffer}-byte buffer, written when full, so a line may
 * straddle two writes, as with C's stdio on a pipe. Every worker of a run starts together: it
 * creates {@code <dir>/ready/<pid>} and waits for {@code <dir>/go}. When its time is up it writes
 * what is left, then the number of lines it wrote into {@code <dir>/written/<pid>}, and, unless
 * {@code --exit}, stays alive: a worker that exits would be started again by its supervisor and
 * write more lines; the script stops the supervisor, which stops the workers.
 *
 * <pre>java -cp zpm-examples.jar zpm.examples.bench.NumberedLineWriter --dir D [--seconds 20] [--line-bytes 100]
 *     [--buffer 65536] [--exit]</pre>
 */
public final class NumberedLineWriter {

    private static final long GO_WAIT_SECONDS = 300;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchArgs.parse(args, Map.of("--dir", "", "--seconds", "20",
                "--line-bytes", "100", "--buffer", "65536"), "--exit");
        if (opts.get("--dir").isEmpty()) {
            throw new IllegalArgumentException("--dir is required");
        }
        Path dir = Path.of(opts.get("--dir"));
        long pid = ProcessHandle.current().pid();
        String me = Long.toString(pid);
        Files.createDirectories(dir.resolve("ready"));
        Files.createDirectories(dir.resolve("written"));
        Files.writeString(dir.resolve("ready").resolve(me), me);
        if (!awaitGo(dir.resolve("go"))) {
            System.err.println("NumberedLineWriter " + me + ": no " + dir.resolve("go") + " within " + GO_WAIT_SECONDS + " s");
            System.exit(2);
        }
        long start = System.nanoTime();
        long lines = write(new FileOutputStream(FileDescriptor.out), pid, Integer.parseInt(opts.get("--line-bytes")),
                Integer.parseInt(opts.get("--buffer")), TimeUnit.SECONDS.toNanos(Long.parseLong(opts.get("--seconds"))));
        double seconds = (System.nanoTime() - start) / 1e9;
        Path tmp = dir.resolve("written").resolve(me + ".tmp");
        Files.writeString(tmp, lines + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve("written").resolve(me), StandardCopyOption.ATOMIC_MOVE);
        if (opts.containsKey("--exit")) {
            System.err.printf("NumberedLineWriter %s: %d lines in %.2f s: %.0f lines/s%n", me, lines, seconds, lines / seconds);
            return;
        }
        Thread.sleep(Long.MAX_VALUE); // stopped by its supervisor
    }

    private static boolean awaitGo(Path go) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GO_WAIT_SECONDS);
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Writes numbered lines until {@code nanos} have passed; returns how many, all written out. */
    static long write(OutputStream out, long pid, int lineBytes, int bufferBytes, long nanos) throws IOException {
        NumberedLine line = new NumberedLine(pid, lineBytes);
        byte[] buf = new byte[bufferBytes];
        int used = 0;
        long seq = 0;
        long end = System.nanoTime() + nanos;
        while (true) {
            byte[] bytes = line.bytes(seq++);
            boolean wrote = false;
            for (int done = 0; done < bytes.length; ) { // a line may straddle two writes
                int n = Math.min(bytes.length - done, buf.length - used);
                System.arraycopy(bytes, done, buf, used, n);
                done += n;
                used += n;
                if (used == buf.length) {
                    out.write(buf, 0, used);
                    used = 0;
                    wrote = true;
                }
            }
            // the clock is read once per buffer written, not per line
            if (wrote && System.nanoTime() > end) {
                out.write(buf, 0, used); // whole lines only: the last one just ended
                out.flush();
                return seq;
            }
        }
    }
}
