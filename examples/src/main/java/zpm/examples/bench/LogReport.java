package zpm.examples.bench;

import java.util.List;

/**
 * What {@link LogBench} prints for one supervisor and writer count: a few lines saying what was
 * found, then the table row ({@code ROW | ...}) the script collects.
 *
 * @param files how many log files were read
 */
record LogReport(String label, LogTally tally, List<LogTally.Row> rows, int files) {

    /**
     * @return true when every line written was found exactly once, whole (a line split between two
     *         files counts as whole), in order, and the files settled
     */
    boolean print(double seconds, double cpuSeconds, String peakRssMb, double othersBusy, boolean settled) {
        long written = 0, found = 0, lost = 0, dup = 0, reordered = 0, beyond = 0, silent = 0;
        for (LogTally.Row r : rows) {
            written += Math.max(0, r.written());
            found += r.found();
            lost += r.lost();
            dup += r.duplicated();
            reordered += r.reordered();
            beyond += r.beyond();
            silent += r.written() < 0 ? 1 : 0;
        }
        System.out.printf("%s: %d writers, %d lines written, %d files, %d lines read (%d garbled, %d split between"
                + " two files, %d logs ending inside a line)%s%n", label, rows.size(), written, files, tally.lines(),
                tally.garbled(), tally.split(), tally.unterminated(),
                tally.firstGarbled() == null ? "" : "; the first garbled: " + tally.firstGarbled());
        System.out.printf("%s: the supervisor used %.2f CPU s in %.1f s (%.2f s per million lines written)%n", label,
                cpuSeconds, seconds, written == 0 ? Double.NaN : cpuSeconds / (written / 1e6));
        if (!settled) {
            System.out.printf("%s: the files were still changing or a writer had not said its count at the drain"
                    + " deadline: counted as they were%n", label);
        }
        for (LogTally.Row r : rows) {
            if (r.lost() + r.duplicated() + r.reordered() + r.beyond() > 0 || r.written() < 0) {
                System.out.printf("%s: writer pid %d: wrote %s, found %d lines: %d lost, %d duplicated, %d reordered,"
                        + " %d numbered beyond its count%n", label, r.pid(), r.written() < 0 ? "? (no count)" : r.written(),
                        r.found(), r.lost(), r.duplicated(), r.reordered(), r.beyond());
            }
        }
        double perMillion = found == 0 ? Double.NaN : cpuSeconds / (found / 1e6);
        System.out.printf("ROW | %s | %d | %,.0f | %.2f | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %.0f %% |%n",
                label, rows.size(), found / seconds, perMillion, peakRssMb, written, found, lost, dup, reordered,
                tally.garbled(), tally.split(), othersBusy);
        return settled && lost + dup + reordered + beyond + silent + tally.garbled() + tally.unterminated() == 0;
    }
}
