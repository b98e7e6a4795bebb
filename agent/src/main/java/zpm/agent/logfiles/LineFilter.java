package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.time.Instant;

/** A query's filters and what memory covers, as one file's reader applies them. */
record LineFilter(LogQuery query, MemoryCover cover) {

    /** A line that does not parse belongs to worker 0: wanted when no worker was asked for. */
    boolean wantsUnparsed(String text) {
        return query.wantsTextAndWorker(0, text);
    }

    /** Every filter but {@code since} (which ends a reading rather than skips a line). */
    boolean wants(OutputLine line) {
        return query.wantsTextAndWorker(line.workerId(), line.text()) && !cover.newerThanMemory(line);
    }

    boolean beforeSince(Instant ts) {
        return query.beforeSince(ts);
    }
}
