package zpm.agent.rpc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AuthThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AuthThrottle throttle = new AuthThrottle(RpcLimits.DEFAULTS, now::get);

    private void fail(String host, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(host);
        }
    }

    @Test
    void fromTheFifthFailureAnswersWaitOneSecondDoublingUpToThirty() {
        fail("10.0.0.1", 4);
        assertThat(throttle.delayMs("10.0.0.1")).isZero();
        long[] expected = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (long e : expected) {
            throttle.failed("10.0.0.1");
            assertThat(throttle.delayMs("10.0.0.1")).isEqualTo(e);
        }
        assertThat(throttle.delayMs("10.0.0.2")).isZero();
    }

    @Test
    void anAddressQuietForFiveMinutesIsForgottenAndASuccessForgivesAtOnce() {
        fail("a", 6);
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(throttle.delayMs("a")).isEqualTo(2000);
        now.addAndGet(1);
        assertThat(throttle.delayMs("a")).isZero();
        assertThat(throttle.size()).isZero();

        fail("b", 7);
        throttle.succeeded("b");
        assertThat(throttle.delayMs("b")).isZero();
    }

    @Test
    void theTableKeepsAtMostItsBoundDroppingTheLeastRecentlySeen() {
        for (int i = 0; i < RpcLimits.THROTTLE_TABLE + 500; i++) {
            throttle.failed("host-" + i);
        }
        assertThat(throttle.size()).isEqualTo(RpcLimits.THROTTLE_TABLE);
    }
}
