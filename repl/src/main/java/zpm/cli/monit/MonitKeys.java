package zpm.cli.monit;

import java.io.IOException;

/**
 * Turns the terminal's bytes into monit's keys: the arrows in both forms a terminal sends them
 * ({@code ESC [ A} normally, {@code ESC O A} in keypad mode), j/k as arrows, and single letters.
 * A lone ESC (nothing after it within {@link #ESC_WAIT_MS}) is a key of its own: it says no.
 */
final class MonitKeys {

    enum Key { UP, DOWN, PAGE_UP, PAGE_DOWN, RESTART, YES, NO, PLUS, MINUS, QUIT, INTERRUPT, REDRAW, OTHER, END }

    /** Where the bytes come from: a char, {@link #TIMEOUT} when none came in time, or -1 at the end. */
    interface Source {
        int read(long timeoutMs) throws IOException;
    }

    static final int TIMEOUT = -2;
    /** How long the rest of an escape sequence may take to arrive (they come in one write). */
    static final long ESC_WAIT_MS = 50;
    private static final char ESC = 0x1b;

    private MonitKeys() {
    }

    /** The next key; null when no byte came within {@code timeoutMs}. */
    static Key next(Source in, long timeoutMs) throws IOException {
        int c = in.read(timeoutMs);
        if (c == TIMEOUT) {
            return null;
        }
        if (c < 0) {
            return Key.END;
        }
        return c == ESC ? escape(in) : single((char) c);
    }

    static Key single(char c) {
        switch (c) {
            case 'k':
                return Key.UP;
            case 'j':
                return Key.DOWN;
            case 'r':
            case 'R':
                return Key.RESTART;
            case 'y':
            case 'Y':
                return Key.YES;
            case 'n':
            case 'N':
                return Key.NO;
            case '+':
            case '=':
                return Key.PLUS;
            case '-':
            case '_':
                return Key.MINUS;
            case 'q':
            case 'Q':
                return Key.QUIT;
            case 3: // Ctrl-C, when the terminal passes it as a byte rather than SIGINT
            case 4: // Ctrl-D
                return Key.INTERRUPT;
            case 12: // Ctrl-L
                return Key.REDRAW;
            default:
                return Key.OTHER;
        }
    }

    /** After ESC: CSI or SS3 sequences (their parameters skipped up to the final byte), else a lone ESC. */
    private static Key escape(Source in) throws IOException {
        int c = in.read(ESC_WAIT_MS);
        if (c != '[' && c != 'O') {
            return Key.NO;
        }
        StringBuilder params = new StringBuilder();
        while (true) {
            int f = in.read(ESC_WAIT_MS);
            if (f < 0) {
                return Key.OTHER;
            }
            if (f >= 0x40 && f <= 0x7e) {
                return finalByte((char) f, params.toString());
            }
            params.append((char) f);
        }
    }

    private static Key finalByte(char f, String params) {
        switch (f) {
            case 'A':
                return Key.UP;
            case 'B':
                return Key.DOWN;
            case '~':
                return "5".equals(params) ? Key.PAGE_UP : "6".equals(params) ? Key.PAGE_DOWN : Key.OTHER;
            default:
                return Key.OTHER;
        }
    }
}
