import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loaded classes and RSS a metrics library adds at its first page, and the time of a first and a
 * warm page: {@code Measure prom} (the Prometheus Java client, Prom.java) or {@code Measure mm}
 * (Micrometer's Prometheus registry, Mm.java). Run by examples/bench/metrics-libraries.sh.
 */
public class Measure {
    static long rssKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        return -1;
    }
    static int classes() { return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(); }

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        int workers = 100;
        // baseline: JDK bits any scrape uses anyway (strings, output stream, formatting)
        ByteArrayOutputStream warm = new ByteArrayOutputStream();
        warm.write(String.format("%s %d %f%n", "x", 1, 1.5).getBytes());
        System.gc(); Thread.sleep(200);
        long rss0 = rssKb(); int c0 = classes();
        long t0 = System.nanoTime();
        byte[] out = mode.equals("prom") ? Prom.scrape(workers) : Mm.scrape(workers);
        long t1 = System.nanoTime();
        byte[] again = null; long best = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) { long s = System.nanoTime(); again = mode.equals("prom") ? Prom.scrape(workers) : Mm.scrape(workers); best = Math.min(best, System.nanoTime() - s); }
        System.gc(); Thread.sleep(200);
        long rss1 = rssKb(); int c1 = classes();
        System.out.printf("%s classes+%d rss+%dKB first=%.1fms warmBest=%.2fms bytes=%d%n", mode, c1 - c0, rss1 - rss0, (t1 - t0) / 1e6, best / 1e6, again.length);
    }
}
