package zpm.agent.core;

import java.util.Locale;

/** The signals zpm sends, with their Linux numbers. */
public enum Signal {
    HUP(1),
    INT(2),
    QUIT(3),
    KILL(9),
    USR1(10),
    USR2(12),
    TERM(15),
    CONT(18),
    STOP(19),
    WINCH(28);

    public final int number;

    Signal(int number) {
        this.number = number;
    }

    /** Parses "TERM", "SIGTERM", "term" or "15"; null when unknown. */
    public static Signal parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        for (Signal s : values()) {
            if (s.name().equals(t) || String.valueOf(s.number).equals(t)) {
                return s;
            }
        }
        return null;
    }

    /** The name of a Linux signal number, for the ones zpm knows; "SIG" + number otherwise. */
    public static String nameOf(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return s.name();
            }
        }
        return switch (number) {
            case 6 -> "ABRT";
            case 11 -> "SEGV";
            case 13 -> "PIPE";
            case 14 -> "ALRM";
            default -> String.valueOf(number);
        };
    }
}
