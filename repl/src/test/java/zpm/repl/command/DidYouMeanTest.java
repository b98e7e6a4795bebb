package zpm.repl.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {

    @Test
    void swapsDropsAndTyposAreForgiven() {
        assertThat(DidYouMean.suggest("stauts", Commands.names())).startsWith("status");
        assertThat(DidYouMean.suggest("restat", Commands.names())).containsExactly("restart");
        assertThat(DidYouMean.suggest("resise", Commands.names())).containsExactly("resize");
        assertThat(DidYouMean.suggest("conections", Commands.names())).containsExactly("connections");
    }

    @Test
    void aPrefixSuggestsWhatItStarts() {
        // Two commands start with "conn" since the console has connect (issue 14).
        assertThat(DidYouMean.suggest("conn", Commands.names())).containsExactlyInAnyOrder("connections", "connect");
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertThat(DidYouMean.suggest("frobnicate", Commands.names())).isEmpty();
        assertThat(DidYouMean.hint("frobnicate", Commands.names())).isEmpty();
    }

    @Test
    void theHintReadsAsASentence() {
        assertThat(DidYouMean.hint("sop", java.util.List.of("stop", "sub", "top"))).isEqualTo("did you mean stop or top?");
        assertThat(DidYouMean.hint("stats", java.util.List.of("status", "start", "stop"))).isEqualTo("did you mean status or start?");
        assertThat(DidYouMean.hint("webb", java.util.List.of("web", "api"))).isEqualTo("did you mean web?");
    }

    @Test
    void distanceCountsASwapOnce() {
        assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(1);
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    }
}
