package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * One line of a worker's output: {@code 07:30:00.120 web#7/2 out GET /health 200}: the time
 * (with the date in front when it is not today: history read from the files may be days old),
 * the app, {@code #} the worker id {@code /} its slot, the stream (err in red), the text. A line
 * of a file that was not in the files' format (worker 0) shows the app alone.
 */
public final class LogLine {

    private LogLine() {
    }

    /**
     * @param line  {"workerId","slot","app","stream","ts","text"}
     * @param today the date, in {@code zone}, whose lines show their time only
     */
    public static String render(JsonNode line, ZoneId zone, LocalDate today, boolean color) {
        boolean err = "err".equals(line.path("stream").asText()) || "stderr".equals(line.path("stream").asText());
        String stream = err ? Style.RED.apply("err", color) : Style.DIM.apply("out", color);
        return Style.DIM.apply(when(line.path("ts").asText(""), zone, today), color) + " "
                + Style.CYAN.apply(who(line), color) + " " + stream + " " + line.path("text").asText("");
    }

    /** "web#7/2"; "web#7" without a slot; "web" for a line of worker 0. */
    private static String who(JsonNode line) {
        String app = line.path("app").asText("?");
        long id = line.path("workerId").asLong(0);
        if (id == 0) {
            return app;
        }
        JsonNode slot = line.path("slot");
        return app + "#" + id + (slot.isIntegralNumber() && slot.asInt() >= 0 ? "/" + slot.asInt() : "");
    }

    private static String when(String ts, ZoneId zone, LocalDate today) {
        try {
            Instant t = Instant.parse(ts);
            LocalDate day = LocalDate.ofInstant(t, zone);
            return (day.equals(today) ? "" : day + " ") + EventLine.clock(t, zone);
        } catch (DateTimeParseException e) {
            return ts;
        }
    }
}
