package zpm.agent.logfiles;

/**
 * A rotated file to compress: {@code index} follows the file when a rotation shifts it up, and
 * {@code cancelled} is set when rotation deleted it (both under {@link LogFile#lock}).
 */
final class GzipJob {

    final LogFile file;
    int index;
    boolean cancelled;

    GzipJob(LogFile file, int index) {
        this.file = file;
        this.index = index;
    }
}
