package zpm.repl.render;

/** Durations, sizes and percentages as people read them. */
public final class Units {

    private Units() {
    }

    /**
     * A duration in its two largest units: "850ms", "42s", "3m12s", "2h05m", "3d04h".
     * Negative values are shown as "-".
     */
    public static String duration(long ms) {
        if (ms < 0) {
            return "-";
        }
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m" + two(s % 60) + "s";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h" + two(m % 60) + "m";
        }
        return (h / 24) + "d" + two(h % 24) + "h";
    }

    /** "512B", "12K", "45.1M", "1.2G" (powers of 1024); negative means unknown, "-". */
    public static String bytes(long n) {
        if (n < 0) {
            return "-";
        }
        if (n < 1024) {
            return n + "B";
        }
        double k = n / 1024.0;
        if (k < 1024) {
            return Math.round(k) + "K";
        }
        double m = k / 1024;
        if (m < 1024) {
            return oneDecimal(m) + "M";
        }
        return oneDecimal(m / 1024) + "G";
    }

    /** "0.3%", "12.0%". */
    public static String percent(double p) {
        return oneDecimal(p) + "%";
    }

    /** Rounded to one decimal, without java.util.Formatter (its regex costs start-up time). */
    static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + (tenths / 10) + "." + (tenths % 10);
    }

    private static String two(long v) {
        return v < 10 ? "0" + v : String.valueOf(v);
    }
}
