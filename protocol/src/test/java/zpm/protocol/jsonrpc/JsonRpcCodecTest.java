package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcCodecTest {

    private final JsonRpcCodec codec = new JsonRpcCodec();

    private JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text); // an independent reader for expected values
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response onlyError(String text) {
        Incoming in = codec.parse(text, 10);
        assertThat(in.batch()).isFalse();
        assertThat(in.entries()).hasSize(1);
        assertThat(in.entries().get(0).isValid()).as("valid? " + text).isFalse();
        return in.entries().get(0).error();
    }

    // The table: text | code | id of the error response (JSON) | what the message must say.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{                                                     | -32700 | null  | not JSON at line 1, column 2",
        "hello                                                 | -32700 | null  | not JSON at line 1",
        "``                                                    | -32700 | null  | empty text",
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\"} junk               | -32700 | null  | not JSON",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"x\"} | -32700 | null  | Duplicate field 'id'",
        "1                                                     | -32600 | null  | a request must be a JSON object, not a number (1)",
        "\"status\"                                            | -32600 | null  | a request must be a JSON object, not a string",
        "null                                                  | -32600 | null  | a request must be a JSON object, not null",
        "{\"method\":\"x\",\"id\":1}                           | -32600 | 1     | \"jsonrpc\" must be \"2.0\" (it is missing)",
        "{\"jsonrpc\":\"1.0\",\"method\":\"x\",\"id\":\"a\"}    | -32600 | \"a\" | \"jsonrpc\" must be \"2.0\", not \"1.0\"",
        "{\"jsonrpc\":2.0,\"method\":\"x\",\"id\":7}            | -32600 | 7     | \"jsonrpc\" must be \"2.0\", not 2.0",
        "{\"jsonrpc\":\"2.0\",\"id\":1}                         | -32600 | 1     | \"method\" is missing",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}            | -32600 | 1     | \"method\" must be a string, not a number (5)",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}         | -32600 | 1     | \"method\" must not be empty",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc.x\"}    | -32600 | 1     | method names beginning with \"rpc.\" are reserved",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":\"a\"} | -32600 | 1 | \"params\" must be an object or an array, not a string",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":null}  | -32600 | 1 | \"params\" must be an object or an array, not null",
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":3}    | -32600 | null  | \"params\" must be an object or an array, not a number",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":5}         | -32600 | null  | \"method\" must be a string",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"x\"} | -32600 | null | \"id\" must be a string, a number or null, not an object",
        "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"x\"}     | -32600 | null  | \"id\" must be a string, a number or null, not a boolean",
        "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"x\"}      | -32600 | null  | \"id\" must be a string, a number or null, not an array",
        "[]                                                    | -32600 | null  | empty batch",
    })
    void invalidTextsGetOneReadyErrorResponse(String text, int code, String id, String message) {
        Response r = onlyError(text);
        assertThat(r.error().code()).isEqualTo(code);
        assertThat(r.id()).isEqualTo(json(id));
        assertThat(r.error().message()).contains(message);
        assertThat(r.result()).isNull();
    }

    @Test
    void parseErrorCarriesLineAndColumnAsData() {
        Response r = onlyError("{\"jsonrpc\":\n  x}");
        assertThat(r.error().message()).startsWith("not JSON at line 2, column 3: ");
        assertThat(r.error().data()).isEqualTo(json("{\"line\":2,\"column\":3}"));
    }

    @Test
    void requestWithIdIsValid() {
        Incoming in = codec.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{\"target\":\"web\"}}", 10);
        assertThat(in.batch()).isFalse();
        assertThat(in.requests()).containsExactly(new Request(IntNode.valueOf(1), "status", json("{\"target\":\"web\"}")));
        assertThat(in.errors()).isEmpty();
    }

    @Test
    void absentIdIsANotificationAndExplicitNullIdIsNot() {
        Request absent = codec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"status\"}", 10).requests().get(0);
        Request nullId = codec.parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"status\"}", 10).requests().get(0);
        assertThat(absent.id()).isNull();
        assertThat(absent.isNotification()).isTrue();
        assertThat(nullId.id()).isEqualTo(NullNode.instance);
        assertThat(nullId.isNotification()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"m\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":-3,\"method\":\"m\",\"params\":[1,2]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"m\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890,\"method\":\"m\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"m\",\"extra\":true}",
        "  {\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"rpcx\"}  ",
    })
    void validShapesAreRequests(String text) {
        Incoming in = codec.parse(text, 10);
        assertThat(in.errors()).isEmpty();
        assertThat(in.requests()).hasSize(1);
    }

    @Test
    void batchKeepsOrderAndAnswersEachBadElement() {
        Incoming in = codec.parse("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}, 5, [],"
                + " {\"jsonrpc\":\"2.0\",\"method\":\"n\"}, {\"jsonrpc\":\"2.0\",\"id\":4}]", 10);
        assertThat(in.batch()).isTrue();
        List<Incoming.Entry> e = in.entries();
        assertThat(e).hasSize(5);
        assertThat(e.get(0).request().method()).isEqualTo("a");
        assertThat(e.get(1).error().error().message()).isEqualTo("a request must be a JSON object, not a number (5)");
        assertThat(e.get(2).error().error().message()).isEqualTo("a request must be a JSON object, not an array");
        assertThat(e.get(3).request().isNotification()).isTrue();
        assertThat(e.get(4).error().id()).isEqualTo(IntNode.valueOf(4));
        assertThat(e.get(4).error().error().code()).isEqualTo(ErrorCode.INVALID_REQUEST.code());
    }

    @Test
    void batchOverTheLimitIsOneLimitError() {
        String three = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"a\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"a\"}]";
        Incoming over = codec.parse(three, 2);
        assertThat(over.batch()).isFalse();
        assertThat(over.entries()).hasSize(1);
        Response r = over.entries().get(0).error();
        assertThat(r.error().code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED.code());
        assertThat(r.error().message()).isEqualTo("batch of 3 requests is over the limit of 2: split it into smaller batches");
        assertThat(r.id()).isEqualTo(NullNode.instance);
        assertThat(codec.parse(three, 3).requests()).hasSize(3);
    }

    // ---------------------------------------------------------------- encoding

    @Test
    void encodesResponsesCompactly() {
        assertThat(codec.encode(Response.ok(IntNode.valueOf(1), json("{\"a\": [1, 2]}"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":[1,2]}}");
        assertThat(codec.encode(Response.ok(TextNode.valueOf("x"), null)))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":null}");
        assertThat(codec.encode(Response.fail(IntNode.valueOf(2), RpcError.of(ErrorCode.INVALID_PARAMS, "bad size",
                json("{\"param\":\"size\"}")))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"bad size\",\"data\":{\"param\":\"size\"}}}");
        assertThat(codec.encode(Response.fail(null, RpcError.of(ErrorCode.PARSE_ERROR, "no"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"no\"}}");
    }

    @Test
    void emptyReplyListMeansSendNothing() {
        Response r = Response.ok(IntNode.valueOf(1), IntNode.valueOf(2));
        assertThat(codec.encode(List.<Response>of())).isNull();
        assertThat(codec.encodeReplies(true, List.of())).isNull();
        assertThat(codec.encodeReplies(false, List.of())).isNull();
        assertThat(codec.encodeReplies(false, List.of(r))).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":2}");
        assertThat(codec.encodeReplies(true, List.of(r))).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":2}]");
    }

    @Test
    void encodesRequestsAndNotifications() {
        assertThat(codec.encode(new Request(IntNode.valueOf(3), "status", null)))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"status\"}");
        assertThat(codec.encode(new Request(null, "status", json("[1]"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"status\",\"params\":[1]}");
        assertThat(codec.encode(new Request(NullNode.instance, "status", null)))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"status\"}");
        assertThat(codec.encode(new Notification("event", json("{\"subscription\":\"s1\"}"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"s1\"}}");
        assertThat(codec.encode(new Notification("ping", null))).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
        assertThat(codec.encodeBatch(List.of(new Request(IntNode.valueOf(1), "a", null), new Request(null, "b", null))))
                .isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"method\":\"b\"}]");
    }

    @Test
    void outputIsOneLineWhateverTheStringsHold() {
        JsonNode params = JsonNodeFactory.instance.objectNode().put("text", "a\nb\r\nc\u2028d\u0000é");
        String line = codec.encode(new Request(IntNode.valueOf(1), "x", params));
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(codec.parse(line, 1).requests().get(0).params()).isEqualTo(params);
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void requestsRoundTrip() {
        Request req = new Request(IntNode.valueOf(9), "resize", json("{\"app\":\"web\",\"size\":4}"));
        Request note = new Request(null, "status", null);
        Request nullId = new Request(NullNode.instance, "status", json("[]"));
        for (Request r : List.of(req, note, nullId)) {
            assertThat(codec.parse(codec.encode(r), 1).requests()).containsExactly(r);
        }
        Incoming batch = codec.parse(codec.encodeBatch(List.of(req, note, nullId)), 3);
        assertThat(batch.batch()).isTrue();
        assertThat(batch.requests()).containsExactly(req, note, nullId);
    }

    @Test
    void responsesAndNotificationsRoundTrip() {
        Response ok = Response.ok(IntNode.valueOf(1), json("{\"workers\":[]}"));
        Response nullResult = Response.ok(TextNode.valueOf("a"), NullNode.instance);
        Response err = Response.fail(IntNode.valueOf(2), RpcError.of(ErrorCode.UNKNOWN_APP, "no app \"x\"", json("{\"app\":\"x\"}")));
        Response errNoData = Response.fail(NullNode.instance, RpcError.of(ErrorCode.PARSE_ERROR, "not JSON"));
        for (Response r : List.of(ok, nullResult, err, errNoData)) {
            Inbound in = codec.parseInbound(codec.encode(r));
            assertThat(in.isNotification()).isFalse();
            assertThat(in.batch()).isFalse();
            assertThat(in.responses()).containsExactly(r);
        }
        Inbound batch = codec.parseInbound(codec.encode(List.of(ok, err)));
        assertThat(batch.batch()).isTrue();
        assertThat(batch.responses()).containsExactly(ok, err);

        Notification event = new Notification("event", json("{\"subscription\":\"s1\",\"event\":{\"seq\":1,\"type\":\"fork\"}}"));
        Notification bare = new Notification("ping", null);
        for (Notification n : List.of(event, bare)) {
            Inbound in = codec.parseInbound(codec.encode(n));
            assertThat(in.notification()).isEqualTo(n);
            assertThat(in.responses()).isEmpty();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "nope                                                    | not JSON at line 1, column 1",
        "``                                                      | empty text",
        "5                                                       | expected a JSON-RPC object, got a number (5)",
        "[]                                                      | an empty array is not a batch of responses",
        "[1]                                                     | batch element 1: a response must be a JSON object, not a number (1)",
        "{\"id\":1,\"result\":1}                                  | \"jsonrpc\" must be \"2.0\" (it is missing)",
        "{\"jsonrpc\":\"2.0\",\"result\":1}                         | response has no \"id\"",
        "{\"jsonrpc\":\"2.0\",\"id\":true,\"result\":1}             | response \"id\" must be a string, a number or null",
        "{\"jsonrpc\":\"2.0\",\"id\":1}                             | response has neither \"result\" nor \"error\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"error\":{}}    | response has both \"result\" and \"error\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"bad\"}             | \"error\" must be an object",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\",\"message\":\"m\"}} | \"error.code\" must be an integer",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1}}      | \"error.message\" must be a string",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}           | the server sent a request (\"x\" with an \"id\")",
        "{\"jsonrpc\":\"2.0\",\"method\":7}                          | \"method\" must be a non-empty string",
        "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":1}      | \"params\" must be an object or an array",
    })
    void malformedInboundTextsAreClearExceptions(String text, String message) {
        assertThatThrownBy(() -> codec.parseInbound(text))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void parseErrorMessagesNameNoParserInternals() {
        for (String text : new String[] {"{\"jsonrpc\": \"2.0\", \"method\": \"status\"", "[1, 2", "{\"a\": tru}"}) {
            Response r = new JsonRpcCodec().parse(text, 100).entries().get(0).error();
            org.assertj.core.api.Assertions.assertThat(r.error().code()).isEqualTo(-32700);
            org.assertj.core.api.Assertions.assertThat(r.error().message())
                    .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("StreamReadFeature")
                    .startsWith("not JSON at line 1");
        }
    }
}
