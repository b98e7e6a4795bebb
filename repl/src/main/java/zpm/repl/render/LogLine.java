package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.ZoneId;

/** One line of a worker's output: {@code 10:00:01.120 web/7 text}, stderr lines marked "err". */
public final class LogLine {

    private LogLine() {
    }

    /** @param line {"workerId","app","stream","ts","text"} */
    public static String render(JsonNode line, ZoneId zone, boolean color) {
        boolean err = "err".equals(line.path("stream").asText()) || "stderr".equals(line.path("stream").asText());
        String who = line.path("app").asText("?") + "/" + line.path("workerId").asText("?");
        return Style.DIM.apply(EventLine.clock(line.path("ts").asText(""), zone), color) + " "
                + Style.CYAN.apply(who, color) + (err ? " " + Style.RED.apply("err", color) : "") + " "
                + line.path("text").asText("");
    }
}
