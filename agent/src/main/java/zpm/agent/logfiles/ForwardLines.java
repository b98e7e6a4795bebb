package zpm.agent.logfiles;

import zpm.agent.os.LineSplitter;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The complete lines of a gzip file, oldest first (gzip can only be read forwards). Split on
 * {@code \n} only, as the writer ends lines; a last line without its newline is skipped, and a
 * line longer than {@link BackwardLines#MAX_LINE_BYTES} keeps its first bytes and the cut mark.
 * A file cut short (the compressor died) ends at its last complete line.
 */
final class ForwardLines implements Closeable {

    private final InputStream in;
    private final byte[] buf = new byte[BackwardLines.BLOCK];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int at;
    private int len;
    private boolean eof;

    private ForwardLines(InputStream in) {
        this.in = in;
    }

    /** Reads an open gzip file (and closes it when closed); {@code bytesRead} counts its compressed bytes. */
    static ForwardLines gzip(InputStream raw, AtomicLong bytesRead) throws IOException {
        return new ForwardLines(new GZIPInputStream(new Counting(raw, bytesRead), BackwardLines.BLOCK));
    }

    /** The next complete line, or null at the end. */
    String next() throws IOException {
        line.reset();
        boolean cut = false;
        while (true) {
            if (at == len && !fill()) {
                return null;
            }
            int start = at;
            while (at < len && buf[at] != '\n') {
                at++;
            }
            int room = BackwardLines.MAX_LINE_BYTES - line.size();
            int n = at - start;
            cut |= n > room;
            line.write(buf, start, Math.min(n, Math.max(room, 0)));
            if (at < len) {
                at++;
                String s = line.toString(StandardCharsets.UTF_8);
                return cut ? s + LineSplitter.CUT_MARK : s;
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        try {
            len = in.read(buf);
        } catch (java.io.EOFException e) {
            len = -1;
        }
        at = 0;
        if (len <= 0) {
            eof = len < 0;
            len = 0;
            return !eof;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Counts the bytes read from the file itself. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            int r = super.read(b, off, n);
            if (r > 0) {
                count.addAndGet(r);
            }
            return r;
        }
    }
}
