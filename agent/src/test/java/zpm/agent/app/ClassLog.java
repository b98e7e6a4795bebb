package zpm.agent.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The classes a JVM started with {@code -Xlog:class+load=info:file=LOG} has loaded so far. */
final class ClassLog {

    private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*] (\\S+) source:");

    private ClassLog() {
    }

    static Set<String> loaded(Path log) {
        try {
            return Files.readAllLines(log).stream().map(LOADED::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
