package zpm.agent.logfiles;

import zpm.agent.core.AppSpec;
import zpm.agent.logfiles.LineEncoder.AgentLine;
import zpm.agent.os.LineBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open log files of one directory and how entries are formatted into them, rotated and
 * compressed: what {@link LogWriter}'s thread does with a batch once it took it from the queue.
 * Writer thread only, except {@link #configureApp} and {@link #rotationOf(String)}.
 */
final class LogFiles {

    /** Writing one file's entries failed: the file was closed, {@code unwritten} worker lines did not reach it. */
    static final class WriteFailed extends Exception {
        final LogFile file;
        final long unwritten;

        WriteFailed(LogFile file, long unwritten, IOException cause) {
            super(cause);
            this.file = file;
            this.unwritten = unwritten;
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    /** What a reopen did: files reopened, and the last failure (null when none). */
    record Reopened(int files, LogFile failedFile, IOException failure) {
    }

    private final Path dir;
    private final Rotation agentRotation;
    private final Clock clock;
    private final Map<String, Rotation> appRotation = new ConcurrentHashMap<>();
    /** Files by {@code app.stream} (and {@link LogWriter#AGENT_LOG}). */
    private final Map<String, LogFile> files = new HashMap<>();
    private final LineEncoder encoder = new LineEncoder();
    private final Gzipper gzipper = new Gzipper();

    LogFiles(Path dir, Rotation agentRotation, Clock clock) {
        this.dir = dir;
        this.agentRotation = agentRotation;
        this.clock = clock;
    }

    /** An app's files rotate by its {@code logs} over the agent's settings (any thread). */
    void configureApp(String app, AppSpec.LogRotation over) {
        appRotation.put(app, agentRotation.with(over));
    }

    /** The rotation in force for an app's files (any thread). */
    Rotation rotationOf(String app) {
        return appRotation.getOrDefault(app, agentRotation);
    }

    /** The file an entry goes to: a worker's lines to its app's stream file, an agent line to agent.log. */
    LogFile fileOf(Object e) {
        String name = e instanceof LineBatch b ? b.app() + "." + b.stream() + ".log" : LogWriter.AGENT_LOG;
        return files.computeIfAbsent(name, n -> new LogFile(dir.resolve(n)));
    }

    /** Worker lines in an entry (agent lines are not counted as unwritten). */
    static int workerLines(Object e) {
        return e instanceof LineBatch b ? b.count() : 0;
    }

    private Rotation rotationOf(Object e) {
        return e instanceof LineBatch b ? rotationOf(b.app()) : agentRotation;
    }

    /**
     * One file's entries of a batch: one write; where a rotation falls inside a read of lines,
     * that read goes line by line, so a file always ends at the end of a line.
     */
    void write(LogFile f, List<Object> entries) throws WriteFailed {
        Rotation r = rotationOf(entries.get(0));
        Instant now = clock.instant();
        long written = 0; // worker lines in the file
        long buffered = 0; // worker lines in the encoder, not written yet
        try {
            if (!f.isOpen()) {
                open(f, r);
            }
            encoder.clear();
            for (Object e : entries) {
                int before = encoder.position();
                int length = encoder.append(e);
                if (!f.needsRotation(before, length, r, now)) {
                    buffered += workerLines(e);
                    continue;
                }
                encoder.truncate(before);
                int n = e instanceof LineBatch b ? b.count() : 1;
                for (int i = 0; i < n; i++) {
                    int l = e instanceof LineBatch b ? encoder.appendLine(b, i) : encoder.append(e);
                    if (f.needsRotation(encoder.position() - l, l, r, now)) {
                        f.write(encoder.before(l), now);
                        written += buffered;
                        buffered = 0;
                        encoder.keepLast(l);
                        GzipJob job = f.rotate(r, now);
                        if (job != null) {
                            gzipper.submit(job);
                        }
                    }
                    buffered += workerLines(e) > 0 ? 1 : 0;
                }
            }
            f.write(encoder.all(), now);
        } catch (IOException e) {
            f.close();
            throw new WriteFailed(f, entries.stream().mapToLong(LogFiles::workerLines).sum() - written, e);
        }
    }

    private void open(LogFile f, Rotation r) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        f.open(clock.instant());
        f.leftUncompressed(r).forEach(gzipper::submit);
    }

    /** A file moved away (logrotate, mv) or deleted (its directory too) is opened anew at its path. */
    void closeMovedFiles() {
        for (LogFile f : files.values()) {
            if (f.isOpen() && f.movedAway()) {
                f.close();
            }
        }
    }

    /** Closes every open file and opens it again at its path. */
    Reopened reopenAll() {
        int n = 0;
        IOException failure = null;
        LogFile failedFile = null;
        for (Map.Entry<String, LogFile> e : files.entrySet()) {
            LogFile f = e.getValue();
            if (!f.isOpen()) {
                continue;
            }
            f.close();
            n++;
            try {
                open(f, e.getKey().equals(LogWriter.AGENT_LOG) ? agentRotation : rotationOf(appOf(e.getKey())));
            } catch (IOException ex) {
                failure = ex;
                failedFile = f;
            }
        }
        return new Reopened(n, failedFile, failure);
    }

    private static String appOf(String fileName) {
        String base = fileName.substring(0, fileName.length() - ".log".length());
        return base.substring(0, base.lastIndexOf('.'));
    }

    /** Whether no rotated file is waiting to be compressed. */
    boolean compressed() {
        return gzipper.idle();
    }

    void closeAll() {
        files.values().forEach(LogFile::close);
        gzipper.close();
    }

    /** An agent log line stamped now (by the writer's clock: tests set it). */
    AgentLine agentLine(String text) {
        return new AgentLine(clock.instant(), text);
    }
}
