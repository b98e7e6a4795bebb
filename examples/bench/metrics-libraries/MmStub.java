/** Stands in for Mm.java when only the Prometheus client is on the class path. */
class Mm {
    static byte[] scrape(int n) {
        throw new UnsupportedOperationException("Micrometer is not on this class path");
    }
}
