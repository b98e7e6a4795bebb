package zpm.agent.core;

/**
 * Runs readiness checks for the core. Results come back through {@link ProcessFacts#ready} or
 * {@link ProcessFacts#probeFailed}. The core itself enforces the readiness timeout.
 */
public interface Probes {

    /** Starts checking a freshly spawned worker until it is ready or {@link #cancel} is called. */
    void watchReadiness(long workerId, long pid, ProbeSpec spec, Integer appPort);

    void cancel(long workerId);

    /** For apps whose readiness is {@code none}. */
    Probes NONE = new Probes() {
        @Override
        public void watchReadiness(long workerId, long pid, ProbeSpec spec, Integer appPort) {
        }

        @Override
        public void cancel(long workerId) {
        }
    };
}
