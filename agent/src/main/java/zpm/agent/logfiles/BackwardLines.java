package zpm.agent.logfiles;

import zpm.agent.os.LineSplitter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The complete lines of a file, newest first, read in blocks from its end: the tail of a 60 MB
 * file costs about the tail's bytes, not 60 MB. A last line without its newline is being written
 * (or was cut short by a crash) and is skipped. A line longer than {@link #MAX_LINE_BYTES} (not
 * one the agent writes: its lines are cut at 16 KiB) keeps its first bytes and the cut mark, so
 * a file that is not a log cannot make the reader hold it whole.
 */
final class BackwardLines implements Closeable {

    static final int BLOCK = 64 * 1024;
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private final FileChannel channel;
    private final AtomicLong bytesRead;
    /** The window holds the file's bytes [pos, pos + winLen), all before {@link #lineEnd}. */
    private byte[] win = new byte[0];
    private int winLen;
    private long pos;
    /** Offset of the newline that ends the next line to return; -1 when none is left. */
    private long lineEnd;
    /** True when the window lost bytes at its end (the current line is over the bound). */
    private boolean cut;

    private BackwardLines(FileChannel channel, AtomicLong bytesRead) throws IOException {
        this.channel = channel;
        this.bytesRead = bytesRead;
        this.pos = channel.size();
        int nl = findNewline();
        lineEnd = nl < 0 ? -1 : pos + nl;
        winLen = Math.max(nl, 0);
        cut = false;
    }

    /** Reads the open file (and closes it when closed); {@code bytesRead} counts what is read. */
    static BackwardLines of(FileChannel channel, AtomicLong bytesRead) throws IOException {
        return new BackwardLines(channel, bytesRead);
    }

    /** The next older complete line, or null at the file's start. */
    String next() throws IOException {
        if (lineEnd < 0) {
            return null;
        }
        int nl = findNewline();
        int from = nl + 1;
        String line = new String(win, from, winLen - from, StandardCharsets.UTF_8);
        if (cut) {
            line += LineSplitter.CUT_MARK;
        }
        lineEnd = nl < 0 ? -1 : pos + nl;
        winLen = Math.max(nl, 0);
        cut = false;
        return line;
    }

    /**
     * The index in the window of the last newline, loading older blocks until one is found or
     * the file's start is reached (-1).
     */
    private int findNewline() throws IOException {
        int searchedFrom = winLen;
        while (true) {
            for (int i = searchedFrom - 1; i >= 0; i--) {
                if (win[i] == '\n') {
                    return i;
                }
            }
            if (pos == 0) {
                return -1;
            }
            searchedFrom = loadOlderBlock();
        }
    }

    /** Puts the block before the window in front of it; returns the block's length. */
    private int loadOlderBlock() throws IOException {
        int n = (int) Math.min(BLOCK, pos);
        int kept = Math.min(winLen, MAX_LINE_BYTES);
        cut |= kept < winLen;
        byte[] grown = new byte[n + kept];
        ByteBuffer into = ByteBuffer.wrap(grown, 0, n);
        long at = pos - n;
        while (into.hasRemaining()) {
            int r = channel.read(into, at + into.position());
            if (r < 0) {
                throw new IOException("file shrank while read");
            }
        }
        bytesRead.addAndGet(n);
        System.arraycopy(win, 0, grown, n, kept);
        win = grown;
        winLen = n + kept;
        pos = at;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
