package zpm.repl.command;

/** Whole numbers typed as arguments, with a message that names the argument when they are not. */
public final class Numbers {

    private Numbers() {
    }

    public static int parse(String what, String text, int min, int max) {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a whole number, not \"" + text + "\"");
        }
        if (v < min || v > max) {
            throw new UsageException(what + " must be from " + min + " to " + max + " (got " + text + ")");
        }
        return (int) v;
    }

    public static boolean isWorkerId(String word) {
        if (word.isEmpty() || word.length() > 18) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return Long.parseLong(word) > 0;
    }
}
