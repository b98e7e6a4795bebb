package zpm.repl.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what people type into commands and words, as a shell would: blanks separate words,
 * ';' and newlines separate commands, quotes ('...' and "...") and backslashes keep them
 * together, and '#' at the start of a word comments out the rest of the line. A word that starts
 * with '{' or '[' is JSON and kept as typed up to its closing bracket (blanks, quotes, ';' and '#'
 * inside it included): {@code send web {"a": 1}} sends what was typed, where a shell's rules would
 * turn it into {@code {a:} and {@code 1}}.
 */
public final class Words {

    private Words() {
    }

    /** The commands of a script, each as its words; empty commands are left out. */
    public static List<List<String>> commands(String script) {
        Splitter s = new Splitter(script);
        s.run();
        return s.commands;
    }

    /** The words of one command line (a ';' in it is an error: use {@link #commands}). */
    public static List<String> split(String line) {
        List<List<String>> cmds = commands(line);
        if (cmds.size() > 1) {
            throw new UsageException("one command at a time here (found ';')");
        }
        return cmds.isEmpty() ? List.of() : cmds.get(0);
    }

    private static final class Splitter {
        private final String text;
        private final List<List<String>> commands = new ArrayList<>();
        private List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;
        private int i;

        Splitter(String text) {
            this.text = text;
        }

        void run() {
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '\'' || c == '"') {
                    quoted(c);
                } else if (c == '\\') {
                    escaped();
                } else if (c == ';' || c == '\n') {
                    endCommand();
                } else if (Character.isWhitespace(c)) {
                    endWord();
                } else if ((c == '{' || c == '[') && !inWord) {
                    json(c);
                } else if (c == '#' && !inWord) {
                    skipComment();
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            endCommand();
        }

        private void quoted(char quote) {
            inWord = true;
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == quote) {
                    return;
                }
                if (c == '\\' && quote == '"' && i < text.length() && "\"\\$`".indexOf(text.charAt(i)) >= 0) {
                    c = text.charAt(i++);
                }
                word.append(c);
            }
            throw new UsageException("unclosed " + quote + " quote");
        }

        /** A JSON value as typed, to its matching bracket (or the end of the line: then the command says it does not parse). */
        private void json(char open) {
            inWord = true;
            word.append(open);
            int depth = 1;
            boolean inString = false;
            while (i < text.length() && depth > 0 && (inString || text.charAt(i) != '\n')) {
                char c = text.charAt(i++);
                word.append(c);
                if (inString && c == '\\' && i < text.length()) {
                    word.append(text.charAt(i++));
                } else if (c == '"') {
                    inString = !inString;
                } else if (!inString && (c == '{' || c == '[')) {
                    depth++;
                } else if (!inString && (c == '}' || c == ']')) {
                    depth--;
                }
            }
        }

        private void escaped() {
            inWord = true;
            if (i < text.length()) {
                word.append(text.charAt(i++));
            }
        }

        private void skipComment() {
            while (i < text.length() && text.charAt(i) != '\n') {
                i++;
            }
        }

        private void endWord() {
            if (inWord) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
        }

        private void endCommand() {
            endWord();
            if (!words.isEmpty()) {
                commands.add(List.copyOf(words));
                words = new ArrayList<>();
            }
        }
    }
}
