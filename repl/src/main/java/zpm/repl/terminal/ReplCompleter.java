package zpm.repl.terminal;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import zpm.repl.command.Command;
import zpm.repl.command.Commands;
import zpm.repl.command.Completions;

import java.util.List;

/** Tab: JLine's side of {@link Completions}, with each command's summary beside its name. */
final class ReplCompleter implements Completer {

    private final Completions completions;

    ReplCompleter(Completions completions) {
        this.completions = completions;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = Math.min(line.wordIndex(), words.size());
        List<String> before = words.subList(0, index);
        String typed = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        for (String c : completions.candidates(before, typed)) {
            Command cmd = index == 0 ? Commands.find(c) : null;
            String descr = cmd != null && cmd.name().equals(c) ? cmd.summary() : null;
            // "b/" is a start, not a word: no space after it, so the node's targets follow at once.
            candidates.add(new Candidate(c, c, null, descr, null, null, !c.endsWith("/")));
        }
    }
}
