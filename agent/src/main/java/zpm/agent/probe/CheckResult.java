package zpm.agent.probe;

/**
 * The outcome of one readiness attempt.
 *
 * @param verdict what the watch does next
 * @param detail  why it did not pass (null when it passed)
 */
record CheckResult(Verdict verdict, String detail) {

    enum Verdict {
        /** Ready: report it and stop checking. */
        PASSED,
        /** The expected "not yet" of a starting worker (nothing listens, exit 1): retry quietly. */
        NOT_YET,
        /** Not ready for an odd reason (HTTP 500, a timeout, a command that cannot start): retry,
         *  and tell the core once, for information. */
        UNUSUAL,
        /** Can never pass (a config problem): tell the core, fatal, and stop. */
        FATAL
    }

    static final CheckResult PASSED = new CheckResult(Verdict.PASSED, null);

    static CheckResult notYet(String detail) {
        return new CheckResult(Verdict.NOT_YET, detail);
    }

    static CheckResult unusual(String detail) {
        return new CheckResult(Verdict.UNUSUAL, detail);
    }

    static CheckResult fatal(String detail) {
        return new CheckResult(Verdict.FATAL, detail);
    }

    boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
