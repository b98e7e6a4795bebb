package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;

/** One log file's wanted lines, newest first. */
abstract class FileTail implements Closeable {

    final String app;
    final String stream;
    final LineFilter filter;
    /** The most lines the reader can want from this file. */
    final int cap;
    private final Closeable source;
    boolean reachedSince;

    FileTail(Closeable source, String app, String stream, LineFilter filter, int cap) {
        this.source = source;
        this.app = app;
        this.stream = stream;
        this.filter = filter;
        this.cap = cap;
    }

    /** The next older wanted line, or null when the file has no more. */
    abstract OutputLine next() throws IOException;

    /** True once a line older than {@code since} was met: older files are not wanted either. */
    final boolean reachedSince() {
        return reachedSince;
    }

    /** The line, or null when it is not in the files' format. */
    final OutputLine parse(String raw) {
        return LogLineParser.parse(app, stream, raw);
    }

    /** A line that does not parse: worker 0, slot -1, the time it is given. */
    final OutputLine unparsed(Instant ts, String raw) {
        return new OutputLine(0, -1, app, stream, ts, raw);
    }

    @Override
    public final void close() throws IOException {
        source.close();
    }
}
