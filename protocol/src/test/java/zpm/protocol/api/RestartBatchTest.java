package zpm.protocol.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** restart's {@code batch}: a count or a percentage of the app's size, rounded up, at least 1. */
class RestartBatchTest {

    @ParameterizedTest(name = "batch {0} of size {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            1       | 4   | 1
            2       | 4   | 2
            2       | 1   | 2
            "25%"   | 4   | 1
            "25%"   | 5   | 2
            "50%"   | 4   | 2
            "1%"    | 3   | 1
            "100%"  | 16  | 16
            " 50 %" | 3   | 2
            "10%"   | 0   | 1
            """)
    void aCountOrAPercentageRoundedUp(String batch, int size, int inFlight) throws IOException {
        RestartBatch b = WorkerCalls.RESTART.decode(JsonTree.read("{\"batch\": " + batch + "}")).batch();
        assertThat(b.forSize(size)).isEqualTo(inFlight);
    }

    @ParameterizedTest(name = "batch {0} refused")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            0
            -1
            10001
            "0%"
            "101%"
            "2"
            "half"
            "%"
            1.5
            true
            [2]
            """)
    void anythingElseIsInvalidParamsSayingWhatIsExpected(String batch) {
        assertThatThrownBy(() -> WorkerCalls.RESTART.decode(JsonTree.read("{\"batch\": " + batch + "}")))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.getMessage()).startsWith("param \"batch\" must be a count from 1 to 10000 or a "
                            + "percentage of the app's size from \"1%\" to \"100%\", e.g. 2 or \"25%\" (got ");
                });
    }

    @ParameterizedTest(name = "console {0}")
    @CsvSource({"2, 2, 0", "50%, 0, 50", "' 7 ', 7, 0"})
    void theConsoleTextReadsTheSame(String text, int count, int percent) {
        assertThat(RestartBatch.parse(text)).isEqualTo(new RestartBatch(count, percent));
    }
}
