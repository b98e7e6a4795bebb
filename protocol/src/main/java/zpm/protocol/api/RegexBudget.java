package zpm.protocol.api;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A {@code grep} regex that cannot take the agent hostage. Java's regex engine backtracks, so a
 * pattern like {@code (a+)+$} on a long line runs for ages; the agent tests lines on its io thread
 * (followed lines) and its reader pool (history). The text is handed to the matcher through a
 * view that counts the characters the matcher reads, and a line whose test reads more than
 * {@link #STEPS_PER_LINE} counts as not matching.
 */
final class RegexBudget {

    /** About 10 to 50 ms of matching; an ordinary pattern reads a 16 KiB line a few times. */
    static final long STEPS_PER_LINE = 20_000_000L;

    private RegexBudget() {
    }

    static Predicate<String> find(Pattern pattern) {
        return text -> {
            try {
                return pattern.matcher(new Counted(text, STEPS_PER_LINE)).find();
            } catch (Exhausted e) {
                return false;
            }
        };
    }

    private static final class Exhausted extends RuntimeException {
        Exhausted() {
            super(null, null, false, false);
        }
    }

    /** The text, counting reads; throws {@link Exhausted} past the budget. */
    private static final class Counted implements CharSequence {
        private final String text;
        private long left;

        Counted(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
