package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import zpm.protocol.event.LifecycleEvent;
import zpm.repl.render.EventLine;
import zpm.repl.render.FleetRows;
import zpm.repl.render.LogLine;
import zpm.repl.render.StatusTable;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One frame of monit, exactly {@code rows} lines each at most {@code cols} columns wide: a title,
 * the workers' table (the console's status table, with a selection mark; scrolled so the
 * selected row shows), the latest events, the selected app's last log lines, a message line and
 * the keys. Sections that do not fit a small terminal are left out, the table last. Pure: no
 * terminal, so it is tested as text.
 */
final class MonitLayout {

    static final String HELP = "up/down select  r restart app  +/- scale app  q quit";
    /** Below this many lines for the sections, only the table is shown. */
    private static final int MIN_FOR_SECTIONS = 8;

    private final int rows;
    private final int cols;
    private final boolean color;
    private final ZoneId zone;
    private final LocalDate today;

    MonitLayout(int rows, int cols, boolean color, ZoneId zone, LocalDate today) {
        this.rows = Math.max(1, rows);
        this.cols = Math.max(1, cols);
        this.color = color;
        this.zone = zone;
        this.today = today;
    }

    List<AttributedString> render(MonitModel m, String title) {
        List<AttributedString> out = new ArrayList<>(rows);
        out.add(styled(title, AttributedStyle.BOLD));
        int body = rows - 3; // title, message, help
        if (body > 0) {
            int table = tableHeight(m, body);
            out.addAll(table(m, table));
            int rest = body - table;
            if (rest > 0) {
                int events = rest / 2;
                out.addAll(section("events", eventLines(m), events));
                out.addAll(section(m.logApp() == null ? "logs" : "logs of " + m.logApp(), logLines(m), rest - events));
            }
        }
        if (rows >= 3) {
            out.add(styled(m.message(), m.messageIsError() ? AttributedStyle.BOLD.foreground(AttributedStyle.RED)
                    : m.confirmRestart() != null ? AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT));
        }
        if (rows >= 2) {
            out.add(styled(HELP, AttributedStyle.DEFAULT.faint()));
        }
        // A list of its own, changeable: Display.update edits the list it is given.
        return out.subList(0, Math.min(out.size(), rows)).stream().map(this::clip).collect(Collectors.toCollection(ArrayList::new));
    }

    /** The table's lines: all of it when it fits in two thirds of the body (the whole body when too small for sections). */
    private static int tableHeight(MonitModel m, int body) {
        int need = m.size() == 0 ? 1 : m.size() + 2;
        if (body < MIN_FOR_SECTIONS) {
            return body;
        }
        return Math.min(need, body * 2 / 3);
    }

    /** Header, the rows that fit (centred on the selection), the summary line; blank lines to fill. */
    private List<AttributedString> table(MonitModel m, int height) {
        List<AttributedString> out = new ArrayList<>();
        String[] lines = StatusTable.render(m.asStatus(), Set.of(), color).split("\n");
        if (m.size() == 0) {
            out.add(new AttributedString(m.appFilter() == null ? "no workers" : "no workers of " + m.appFilter()));
        } else {
            int visible = Math.max(0, Math.min(m.size(), height - 2));
            int first = Math.max(0, Math.min(m.selected() - visible / 2, m.size() - visible));
            out.add(AttributedString.fromAnsi("  " + lines[0]));
            for (int i = first; i < first + visible; i++) {
                out.add(row(lines[i + 1], i == m.selected()));
            }
            String summary = lines[lines.length - 1];
            out.add(new AttributedString(visible < m.size() ? "  " + summary + " (rows " + (first + 1) + "-" + (first + visible)
                    + " of " + m.size() + ")" : "  " + summary));
        }
        return fill(out, height);
    }

    private AttributedString row(String line, boolean selected) {
        if (!selected) {
            return AttributedString.fromAnsi("  " + line);
        }
        String plain = AttributedString.stripAnsi(line);
        return new AttributedStringBuilder().append("> ").append(plain, color ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT)
                .toAttributedString();
    }

    /** A titled rule then the last lines that fit; nothing when not even the rule and one line fit. */
    private List<AttributedString> section(String name, List<AttributedString> lines, int height) {
        List<AttributedString> out = new ArrayList<>();
        if (height < 2) {
            return fill(out, height);
        }
        String rule = "-- " + name + " ";
        out.add(styled(rule + "-".repeat(Math.max(0, cols - rule.length())), AttributedStyle.DEFAULT.faint()));
        out.addAll(lines.subList(Math.max(0, lines.size() - (height - 1)), lines.size()));
        return fill(out, height);
    }

    private List<AttributedString> eventLines(MonitModel m) {
        List<AttributedString> out = new ArrayList<>();
        boolean fleet = FleetRows.spanNodes(m.asStatus().path("workers"));
        for (LifecycleEvent e : m.events()) {
            // An agent's reason may hold a newline; the styles' escapes are the renderer's own.
            out.add(AttributedString.fromAnsi(MonitModel.printable(EventLine.render(e, zone, color, fleet), true)));
        }
        return out;
    }

    private List<AttributedString> logLines(MonitModel m) {
        List<AttributedString> out = new ArrayList<>();
        for (JsonNode line : m.logLines()) {
            out.add(AttributedString.fromAnsi(LogLine.render(line, zone, today, color)));
        }
        return out;
    }

    private static List<AttributedString> fill(List<AttributedString> lines, int height) {
        while (lines.size() < height) {
            lines.add(AttributedString.EMPTY);
        }
        return lines.subList(0, height);
    }

    private AttributedString styled(String text, AttributedStyle style) {
        return color ? new AttributedString(text, style) : new AttributedString(text);
    }

    private AttributedString clip(AttributedString line) {
        return line.columnLength() <= cols ? line : line.columnSubSequence(0, cols);
    }
}
