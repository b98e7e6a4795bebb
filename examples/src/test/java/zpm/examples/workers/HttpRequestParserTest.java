package zpm.examples.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestParserTest {

    private final HttpRequestParser parser = new HttpRequestParser();

    @Test
    void readsRequestLineAndHeadersWithLowerCaseNames() throws Exception {
        HttpRequest r = parse("GET /slow?ms=250&x=%41 HTTP/1.1\r\nHost: example\r\nX-Thing:  a b \r\n\r\n");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.target()).isEqualTo("/slow?ms=250&x=%41");
        assertThat(r.path()).isEqualTo("/slow");
        assertThat(r.query("ms")).contains("250");
        assertThat(r.query("x")).contains("A");
        assertThat(r.query("nope")).isEmpty();
        assertThat(r.minor()).isEqualTo(1);
        assertThat(r.header("X-THING")).isEqualTo("a b");
        assertThat(r.keepAlive()).isTrue();
    }

    @Test
    void readsPipelinedRequestsOneAtATimeAndNullAtTheCleanEnd() throws Exception {
        InputStream in = stream("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                + "\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(parser.readBlocking(in).path()).isEqualTo("/a");
        HttpRequest post = parser.readBlocking(in);
        assertThat(post.path()).isEqualTo("/b");
        assertThat(post.contentLength()).isEqualTo(3);
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("abc");
        assertThat(parser.readBlocking(stream(""))).isNull();
    }

    @Test
    void acceptsBareLineFeeds() throws Exception {
        assertThat(parse("GET / HTTP/1.1\nHost: h\n\n").header("host")).isEqualTo("h");
    }

    @Test
    void joinsRepeatedHeaderFields() throws Exception {
        HttpRequest r = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n");
        assertThat(r.header("connection")).isEqualTo("keep-alive, close");
        assertThat(r.keepAlive()).isFalse();
    }

    @Test
    void keepAliveFollowsTheVersionAndTheConnectionHeader() throws Exception {
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void rejectsMalformedRequestLines() {
        assertStatus("GET /\r\n\r\n", 400);
        assertStatus("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertStatus("G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertStatus("GET http://elsewhere/ HTTP/1.1\r\nHost: h\r\n\r\n", 400);
        assertStatus("GET / HTTP/x\r\nHost: h\r\n\r\n", 400);
        assertStatus("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505);
    }

    @Test
    void rejectsAmbiguousHeaders() {
        assertStatus("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400);
        assertStatus("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400);
        assertStatus("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n", 400);
        assertStatus("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400);
        assertStatus("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", 501);
        assertStatus("GET / HTTP/1.1\r\n\r\n", 400);
    }

    @Test
    void limitsTheHeadSize() {
        String big = "GET / HTTP/1.1\r\nHost: h\r\nX: " + "a".repeat(HttpRequestParser.MAX_HEAD_BYTES) + "\r\n\r\n";
        assertStatus(big, 431);
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < HttpRequestParser.MAX_HEADERS; i++) {
            many.append("X").append(i).append(": y\r\n");
        }
        assertStatus(many.append("\r\n").toString(), 431);
    }

    @Test
    void streamEndingInsideAHeadIsAnEofNotARequest() {
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nHost: h\r\n")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> parse("GET / HT")).isInstanceOf(EOFException.class);
    }

    private HttpRequest parse(String text) throws IOException, HttpRequestParser.BadRequest {
        return parser.readBlocking(stream(text));
    }

    private void assertStatus(String text, int status) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(HttpRequestParser.BadRequest.class)
                .satisfies(e -> assertThat(((HttpRequestParser.BadRequest) e).status).as(text).isEqualTo(status));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
