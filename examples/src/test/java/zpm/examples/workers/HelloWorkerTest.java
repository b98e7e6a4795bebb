package zpm.examples.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloWorkerTest {

    private final HelloWorker hello = new HelloWorker(new WorkerIdentity(3, 1, 1234));

    @Test
    void rootSaysWhichWorkerAnswered() {
        HttpResponse r = hello.respond(get("/"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello from worker 3 (slot 1, pid 1234)\n");
    }

    @Test
    void healthIsOk() {
        assertThat(hello.respond(get("/health"))).isEqualTo(HttpResponse.text(200, "ok"));
    }

    @Test
    void slowWaitsTheGivenTimeAndRejectsNonNumbers() {
        assertThat(hello.respond(get("/slow?ms=1")).body()).isEqualTo("slept 1 ms\n");
        assertThat(hello.respond(get("/slow?ms=-5")).body()).isEqualTo("slept 0 ms\n");
        assertThat(hello.respond(get("/slow?ms=soon")).status()).isEqualTo(400);
    }

    @Test
    void unknownPathIs404AndOtherMethodsAre405() {
        assertThat(hello.respond(get("/nope")).status()).isEqualTo(404);
        HttpResponse post = hello.respond(new HttpRequest("POST", "/", 1, Map.of()));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
        assertThat(hello.respond(new HttpRequest("HEAD", "/health", 1, Map.of())).status()).isEqualTo(200);
    }

    @Test
    void encodingCountsBytesNotCharsAndHeadLeavesOutTheBody() {
        HttpResponse r = HttpResponse.text(200, "héllo");
        String wire = new String(r.encode(true, false), StandardCharsets.UTF_8);
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Length: 6\r\n", "Connection: keep-alive\r\n")
                .endsWith("\r\n\r\nhéllo");
        String head = new String(r.encode(false, true), StandardCharsets.UTF_8);
        assertThat(head).contains("Content-Length: 6\r\n", "Connection: close\r\n").endsWith("\r\n\r\n");
    }

    private static HttpRequest get(String target) {
        return new HttpRequest("GET", target, 1, Map.of("host", "h"));
    }
}
