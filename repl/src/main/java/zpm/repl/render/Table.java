package zpm.repl.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table with a header row, columns padded to their widest cell. Widths are measured on
 * the plain text, and styles are applied after padding, so colored cells stay aligned.
 */
public final class Table {

    /** How a column's cells are padded. */
    public enum Align { LEFT, RIGHT }

    /** One cell: its text and how to show it where the terminal has color. */
    public record Cell(String text, Style style) {
        public Cell {
            text = text == null ? "" : text;
            style = style == null ? Style.PLAIN : style;
        }
    }

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<Boolean> optional;
    private final List<List<Cell>> rows = new ArrayList<>();

    /**
     * @param columns header names; a name starting with '>' is right-aligned, one starting with
     *                '?' is left out when all its cells are empty (the mark is not shown)
     */
    public Table(String... columns) {
        List<String> h = new ArrayList<>();
        List<Align> a = new ArrayList<>();
        List<Boolean> o = new ArrayList<>();
        for (String c : columns) {
            boolean right = c.startsWith(">");
            boolean optional = c.startsWith("?");
            h.add(right || optional ? c.substring(1) : c);
            a.add(right ? Align.RIGHT : Align.LEFT);
            o.add(optional);
        }
        this.headers = List.copyOf(h);
        this.aligns = List.copyOf(a);
        this.optional = List.copyOf(o);
    }

    /** Adds a row of cells; {@link Cell} or any object (shown with {@code String.valueOf}, plain). */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<Cell> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c instanceof Cell cell ? cell : new Cell(c == null ? "" : String.valueOf(c), Style.PLAIN));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** The table as lines joined by '\n' (no trailing newline); the header is bold with color. */
    public String render(boolean color) {
        boolean[] shown = shownColumns();
        int[] widths = widths();
        StringBuilder sb = new StringBuilder();
        List<Cell> header = new ArrayList<>();
        headers.forEach(h -> header.add(new Cell(h, Style.BOLD)));
        line(sb, header, widths, shown, color);
        for (List<Cell> row : rows) {
            sb.append('\n');
            line(sb, row, widths, shown, color);
        }
        return sb.toString();
    }

    private boolean[] shownColumns() {
        boolean[] shown = new boolean[headers.size()];
        for (int i = 0; i < shown.length; i++) {
            shown[i] = !optional.get(i);
            for (List<Cell> row : rows) {
                shown[i] |= !row.get(i).text().isEmpty();
            }
        }
        return shown;
    }

    private int[] widths() {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<Cell> row : rows) {
                w[i] = Math.max(w[i], row.get(i).text().length());
            }
        }
        return w;
    }

    private void line(StringBuilder sb, List<Cell> cells, int[] widths, boolean[] shown, boolean color) {
        int start = sb.length();
        boolean first = true;
        for (int i = 0; i < cells.size(); i++) {
            if (!shown[i]) {
                continue;
            }
            Cell c = cells.get(i);
            boolean last = i == cells.size() - 1;
            String pad = " ".repeat(widths[i] - c.text().length());
            if (!first) {
                sb.append(GAP);
            }
            first = false;
            if (aligns.get(i) == Align.RIGHT) {
                sb.append(pad).append(c.style().apply(c.text(), color));
            } else {
                sb.append(c.style().apply(c.text(), color)).append(last ? "" : pad);
            }
        }
        // No trailing blanks: they wrap badly in narrow terminals and make test output fussy.
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
    }
}
