package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which lines of the files {@link LogHistory} returns.
 *
 * @param apps      the apps whose files are read; null for every app that has files
 * @param streams   "out", "err" or both
 * @param since     lines at or after this instant; null for all
 * @param text      lines whose text it accepts; null for all
 * @param workerIds lines of these workers only; empty for all
 * @param lines     at most this many (the newest), returned oldest first
 */
public record LogQuery(Set<String> apps, Set<String> streams, Instant since, Predicate<String> text,
                       Set<Long> workerIds, int lines) {

    public static final Set<String> BOTH_STREAMS = Set.of(OutputLine.OUT, OutputLine.ERR);

    public LogQuery {
        apps = apps == null ? null : Set.copyOf(apps);
        streams = Set.copyOf(streams);
        workerIds = Set.copyOf(workerIds);
    }

    /** The last {@code lines} lines of these apps (null: every app), both streams, no filter. */
    public static LogQuery tail(Set<String> apps, int lines) {
        return new LogQuery(apps, BOTH_STREAMS, null, null, Set.of(), lines);
    }

    /** True when the line passes the filters that do not depend on its time. */
    boolean wantsTextAndWorker(long workerId, String text) {
        return (workerIds.isEmpty() || workerIds.contains(workerId)) && (this.text == null || this.text.test(text));
    }

    /** True when the line is older than {@code since}: nothing before it in its file is wanted either. */
    boolean beforeSince(Instant ts) {
        return since != null && ts.isBefore(since);
    }
}
