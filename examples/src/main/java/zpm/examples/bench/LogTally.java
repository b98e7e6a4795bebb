package zpm.examples.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Counts the log benchmark's {@link NumberedLine}s in a supervisor's log files: per writer, the
 * lines lost (numbered below what the writer says it wrote, found nowhere), duplicated (found
 * again) and reordered (found after a line with a higher number of the same writer, in file
 * order: the rotated files oldest first, then the live one). A line that is not exactly one
 * writer line (cut, spliced with another, or not a writer's) is garbled.
 */
final class LogTally {

    /** How a supervisor writes a line. */
    enum Format {
        /** zpm: {@code <ts> <workerId>/<slot> <text>}, ts ISO 8601 UTC, 24 characters. */
        ZPM,
        /** the line as the worker wrote it: PM2 without log_date_format, supervisord. */
        RAW
    }

    /** One writer's count; {@code written} is -1 when the writer never said. */
    record Row(long pid, long written, long found, long lost, long duplicated, long reordered, long beyond) {}

    private static final class Seen {
        final BitSet seqs = new BitSet();
        long lines;
        long maxSeq = -1;
        long duplicated;
        long reordered;
    }

    /** {@code name}, {@code name.N} or {@code name.N.gz}: a rotated file's number, 0 for the live one. */
    private static final Pattern ROTATED = Pattern.compile("(.+?)(?:\\.(\\d+))?(\\.gz)?");

    private final Format format;
    private final int lineBytes;
    private final Map<Long, Seen> writers = new TreeMap<>();
    private final NumberedLine.Parsed parsed = new NumberedLine.Parsed();
    private long lines;
    private long garbled;
    private long split;
    private long unterminated;
    private String firstGarbled;

    LogTally(Format format, int lineBytes) {
        this.format = format;
        this.lineBytes = lineBytes;
    }

    /** One line of a log file, without its newline. */
    void line(String line) {
        lines++;
        int text = format == Format.ZPM ? afterZpmPrefix(line) : 0;
        if (text < 0 || !NumberedLine.parse(line, text, lineBytes, parsed) || parsed.seq >= Integer.MAX_VALUE) {
            garbled++;
            if (firstGarbled == null) {
                firstGarbled = line.length() > 160 ? line.substring(0, 160) + "..." : line;
            }
            return;
        }
        Seen s = writers.computeIfAbsent(parsed.pid, p -> new Seen());
        int seq = (int) parsed.seq;
        s.lines++;
        if (s.seqs.get(seq)) {
            s.duplicated++;
        } else {
            s.seqs.set(seq);
            if (seq < s.maxSeq) {
                s.reordered++;
            }
        }
        s.maxSeq = Math.max(s.maxSeq, seq);
    }

    /** Where the text starts after zpm's {@code <ts> <id>/<slot> } prefix, or -1 when it has none. */
    static int afterZpmPrefix(String line) {
        // uuuu-MM-ddTHH:mm:ss.SSSZ: the separators sit at fixed places
        if (line.length() < 29 || line.charAt(4) != '-' || line.charAt(7) != '-' || line.charAt(10) != 'T'
                || line.charAt(13) != ':' || line.charAt(16) != ':' || line.charAt(19) != '.'
                || line.charAt(23) != 'Z' || line.charAt(24) != ' ') {
            return -1;
        }
        int space = line.indexOf(' ', 25);
        int slash = line.indexOf('/', 25);
        if (space < 0 || slash < 26 || slash > space - 2) {
            return -1;
        }
        for (int i = 25; i < space; i++) {
            char c = line.charAt(i);
            if (i != slash && (c < '0' || c > '9')) {
                return -1;
            }
        }
        return space + 1;
    }

    /**
     * Every line of one log's files, in order. A file that ends inside a line continues into the
     * next (supervisord rotates by bytes, so its line at a rotation lies in two files): joined and
     * counted as split; a last line without its newline (being written) is counted, not read.
     */
    void files(List<Path> rotations) throws IOException {
        ByteArrayOutputStream carry = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (Path file : rotations) {
            boolean carried = carry.size() > 0; // the previous file ended inside a line
            try (InputStream in = open(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    int from = 0;
                    for (int nl; (nl = indexOf(buf, from, n)) >= 0; from = nl + 1) {
                        if (carry.size() == 0) {
                            line(new String(buf, from, nl - from, StandardCharsets.ISO_8859_1));
                        } else {
                            carry.write(buf, from, nl - from);
                            line(carry.toString(StandardCharsets.ISO_8859_1));
                            carry.reset();
                        }
                        split += carried ? 1 : 0;
                        carried = false;
                    }
                    carry.write(buf, from, n - from);
                }
            }
        }
        unterminated += carry.size() > 0 ? 1 : 0;
    }

    private static int indexOf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * The logs of {@code dir} whose name without rotation suffix matches {@code base}, each as its
     * files in the order their lines were written: {@code .N} from the highest N (the oldest) to
     * {@code .1}, then the live file. A plain {@code .N} wins over its {@code .N.gz} (the plain
     * one is removed only once the compressed one is complete).
     */
    static List<List<Path>> ordered(Path dir, Pattern base) throws IOException {
        Map<String, TreeMap<Long, Path>> byName = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                Matcher m = ROTATED.matcher(f.getFileName().toString());
                if (!m.matches() || !base.matcher(m.group(1)).matches() || !Files.isRegularFile(f)) {
                    continue;
                }
                long n = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
                TreeMap<Long, Path> rotations = byName.computeIfAbsent(m.group(1), k -> new TreeMap<>(Comparator.reverseOrder()));
                if (m.group(3) == null || !rotations.containsKey(n)) {
                    rotations.put(n, f);
                }
            }
        }
        List<List<Path>> logs = new ArrayList<>();
        byName.values().forEach(r -> logs.add(List.copyOf(r.values())));
        return logs;
    }

    /** Per writer, against what each said it wrote (pid → lines); writers found but silent get -1. */
    List<Row> rows(Map<Long, Long> written) {
        TreeSet<Long> pids = new TreeSet<>(written.keySet());
        pids.addAll(writers.keySet());
        List<Row> rows = new ArrayList<>();
        for (long pid : pids) {
            Seen s = writers.getOrDefault(pid, new Seen());
            long w = written.getOrDefault(pid, -1L);
            long distinct = s.seqs.cardinality();
            long inRange = w < 0 ? distinct : s.seqs.get(0, (int) Math.min(w, Integer.MAX_VALUE)).cardinality();
            rows.add(new Row(pid, w, s.lines, w < 0 ? 0 : w - inRange, s.duplicated, s.reordered, distinct - inRange));
        }
        return rows;
    }

    /** Lines read, writer lines or not. */
    long lines() {
        return lines;
    }

    long garbled() {
        return garbled;
    }

    /** Lines that began in one file and ended in the next. */
    long split() {
        return split;
    }

    /** Logs whose last line had no newline (still being written, or cut): not counted as a line. */
    long unterminated() {
        return unterminated;
    }

    /** The first garbled line (cut to 160 characters), or null. */
    String firstGarbled() {
        return firstGarbled;
    }
}
