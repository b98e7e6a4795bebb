package zpm.repl.render;

/** ANSI text styles; with color off every style is plain text. */
public enum Style {
    PLAIN(""),
    BOLD("1"),
    DIM("2"),
    RED("31"),
    BOLD_RED("1;31"),
    GREEN("32"),
    YELLOW("33"),
    BLUE("34"),
    MAGENTA("35"),
    CYAN("36");

    private final String sgr;

    Style(String sgr) {
        this.sgr = sgr;
    }

    /** {@code text} in this style, or as is when color is off or the style is plain. */
    public String apply(String text, boolean color) {
        if (!color || sgr.isEmpty() || text.isEmpty()) {
            return text;
        }
        return "\u001b[" + sgr + "m" + text + "\u001b[0m";
    }
}
