package zpm.agent.reliability;

import zpm.agent.reliability.HostileFrames.Frame;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The protocol fuzz corpus, {@code src/test/resources/fuzz-corpus/*.txt}: inputs that once broke
 * something or that check a documented answer, replayed on every run. A file starts with
 * {@code #} lines: what it checks (or what it broke), {@code # expect: CODE ...} (an error code,
 * {@code result}, or {@code none} for no answer) and optionally {@code # transports: tcp http};
 * the rest of the file, less its last newline, is the text sent (several lines are several
 * requests in one TCP write).
 */
final class FuzzCorpus {

    private FuzzCorpus() {
    }

    static List<Frame> load() throws IOException, URISyntaxException {
        Path dir = Path.of(FuzzCorpus.class.getResource("/fuzz-corpus").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().map(FuzzCorpus::read).toList();
        }
    }

    private static Frame read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int at = 0;
        Set<Integer> codes = new HashSet<>();
        Set<String> transports = HostileFrames.ALL;
        int answers = 1;
        while (at < bytes.length && bytes[at] == '#') {
            int end = indexOf(bytes, at);
            String line = new String(bytes, at, end - at, StandardCharsets.UTF_8);
            if (line.startsWith("# expect:")) {
                for (String word : line.substring("# expect:".length()).trim().split("\\s+")) {
                    if (word.equals("none")) {
                        answers = 0;
                    } else {
                        codes.add(word.equals("result") ? HostileFrames.RESULT : Integer.parseInt(word));
                    }
                }
            } else if (line.startsWith("# transports:")) {
                transports = Set.of(line.substring("# transports:".length()).trim().split("\\s+"));
            } else if (line.startsWith("# answers:")) {
                answers = Integer.parseInt(line.substring("# answers:".length()).trim());
            }
            at = end + 1;
        }
        int last = bytes.length > at && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        String name = "corpus " + file.getFileName();
        return new Frame(name, Arrays.copyOfRange(bytes, at, last), Set.copyOf(codes), answers, answers, transports);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
