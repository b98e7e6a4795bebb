package zpm.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * Every event captured from a real agent in docs/protocol.md reads into its record and writes
 * back as the very same JSON, field order included: the records did not change the wire.
 */
class DocumentedEventsTest {

    private static final String MARK = "\"event\": {";

    @Test
    void everyCapturedEventRoundTripsThroughItsRecordUnchanged() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "protocol.md"));
        List<String> events = capturedEvents(doc);
        Set<String> types = new TreeSet<>();
        for (String text : events) {
            JsonNode captured = JsonTree.read(text);
            LifecycleEvent e = LifecycleEvent.fromJson(captured);
            assertThat(JsonTree.write(e.toJson())).as(text).isEqualTo(JsonTree.write(captured));
            types.add(e.type().wireName());
        }
        assertThat(events).hasSizeGreaterThan(10);
        assertThat(types).contains("fork", "online", "exit", "resize", "restart", "backoff", "fatal", "danger",
                "probe", "disconnect", "listening", "app");
    }

    /** The object after each {@code "event": }, by matching braces outside strings. */
    private static List<String> capturedEvents(String doc) {
        List<String> out = new ArrayList<>();
        for (int at = doc.indexOf(MARK); at >= 0; at = doc.indexOf(MARK, at + 1)) {
            int start = at + MARK.length() - 1;
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < doc.length(); i++) {
                char c = doc.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    String text = doc.substring(start, i + 1);
                    if (!text.equals("{...}")) { // the prose's placeholder
                        out.add(text);
                    }
                    break;
                }
            }
        }
        return out;
    }
}
