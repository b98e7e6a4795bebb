package zpm.protocol.api;

import org.junit.jupiter.api.Test;
import zpm.protocol.api.StreamCalls.LogsParams;
import zpm.protocol.api.StreamCalls.Since;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code logs} {@code since}, {@code grep} and {@code regex}: the accepted forms and the errors. */
class LogsParamsTest {

    private static LogsParams read(String params) throws IOException {
        return StreamCalls.LOGS.decode(JsonTree.read(params));
    }

    private static String refused(String params) {
        RpcException e = catchThrowableOfType(() -> read(params), RpcException.class);
        assertThat(e).as(params).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        return e.getMessage();
    }

    @Test
    void sinceTakesAnInstantOrADurationBack() throws IOException {
        Instant now = Instant.parse("2026-12-06T08:00:00Z");
        assertThat(read("{\"since\":\"2026-12-06T07:30:00Z\"}").since().from(now))
                .isEqualTo(Instant.parse("2026-12-06T07:30:00Z"));
        assertThat(read("{\"since\":\"2026-12-06T08:30:00.250+01:00\"}").since().from(now))
                .isEqualTo(Instant.parse("2026-12-06T07:30:00.250Z"));
        assertThat(read("{\"since\":\"30s\"}").since()).isEqualTo(new Since(null, Duration.ofSeconds(30)));
        assertThat(read("{\"since\":\"10m\"}").since().from(now)).isEqualTo(Instant.parse("2026-12-06T07:50:00Z"));
        assertThat(read("{\"since\":\"2h\"}").since().from(now)).isEqualTo(Instant.parse("2026-12-06T06:00:00Z"));
        assertThat(read("{\"since\":\"1d\"}").since().from(now)).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(read("{}").since()).isNull();
    }

    @Test
    void aBadSinceSaysTheForms() {
        for (String bad : new String[] {"\"yesterday\"", "\"10\"", "\"10 m\"", "\"-5m\"", "\"2026-12-06\"", "1700000000",
                "\"2026-12-06T07:30:00\"", "true"}) {
            assertThat(refused("{\"since\":" + bad + "}")).as(bad).startsWith("param \"since\" must be an ISO 8601"
                    + " instant like 2026-12-06T07:30:00Z, or a duration back from now like 30s, 10m, 2h or 1d (got ");
        }
    }

    @Test
    void grepIsASubstringOrWithRegexAJavaRegex() throws IOException {
        LogsParams plain = read("{\"grep\":\"a.c\"}");
        assertThat(plain.textFilter().test("xa.cx")).isTrue();
        assertThat(plain.textFilter().test("abc")).isFalse();
        assertThat(plain.textFilter().test("A.C")).as("case-sensitive").isFalse();
        LogsParams regex = read("{\"grep\":\"^GET /[a-z]+ 5\\\\d\\\\d$\",\"regex\":true}");
        assertThat(regex.textFilter().test("GET /health 503")).isTrue();
        assertThat(regex.textFilter().test("GET /health 200")).isFalse();
        assertThat(read("{\"grep\":\"(\",\"regex\":false}").textFilter().test("f(x)")).isTrue();
        assertThat(read("{}").textFilter()).isNull();
        assertThat(read("{\"regex\":true}").textFilter()).isNull();
    }

    @Test
    void aBadRegexNamesItsError() {
        assertThat(refused("{\"grep\":\"(ab\",\"regex\":true}")).isEqualTo("param \"grep\" must be a valid Java regex"
                + " with regex true (Unclosed group near index 3), or a plain substring with regex false (got \"(ab\")");
        assertThat(refused("{\"grep\":\"\"}")).startsWith("param \"grep\" must be a non-empty string");
        assertThat(refused("{\"grep\":3}")).startsWith("param \"grep\" must be a non-empty string");
        assertThat(refused("{\"regex\":\"yes\"}")).startsWith("param \"regex\" must be true or false");
        assertThat(refused("{\"grep\":\"" + "x".repeat(StreamCalls.MAX_GREP + 1) + "\"}"))
                .startsWith("param \"grep\" must be at most 1024 characters");
    }

    /** (a+)+$ on 40 a's and a b backtracks 2^40 times unbounded; bounded, it gives up and says no. */
    @Test
    void aRegexThatBacktracksForeverCountsAsNotMatching() throws IOException {
        var catastrophic = read("{\"grep\":\"(a+)+$\",\"regex\":true}").textFilter();
        long start = System.nanoTime();
        assertThat(catastrophic.test("a".repeat(40) + "b")).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(catastrophic.test("aaaa")).isTrue();
        var ordinary = read("{\"grep\":\"^x.*y.*z$\",\"regex\":true}").textFilter();
        assertThat(ordinary.test("x" + "-".repeat(16 * 1024) + "y-z")).isTrue();
    }
}
