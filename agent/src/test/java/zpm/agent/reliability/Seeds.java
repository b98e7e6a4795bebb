package zpm.agent.reliability;

/**
 * The seed of a randomized test: {@code -Dzpm.fuzz.seed=N} replays a run, otherwise a fresh one.
 * Printed first, so a failing run's output says how to replay it.
 */
final class Seeds {

    private Seeds() {
    }

    static long seed(String test) {
        Long given = Long.getLong("zpm.fuzz.seed");
        long seed = given != null ? given : System.nanoTime();
        System.out.println(test + ": seed " + seed + " (replay with -Dzpm.fuzz.seed=" + seed + ")");
        return seed;
    }
}
