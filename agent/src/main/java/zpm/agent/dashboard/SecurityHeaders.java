package zpm.agent.dashboard;

import io.vertx.core.http.HttpServerResponse;

/**
 * The headers every dashboard response carries. The policy allows scripts, styles and images
 * from the agent only (no inline script or style, no eval, no third party), network access only
 * back to the agent, no framing and no form posting anywhere; Trusted Types make any
 * {@code innerHTML}-style string sink throw, so data from workers can only ever become text.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void put(HttpServerResponse response, String connectSource) {
        response.putHeader("Content-Security-Policy", policy(connectSource))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin")
                // no-store: the page is tiny, and a stale copy after an upgrade would speak an old protocol
                .putHeader("Cache-Control", "no-store");
    }

    static String policy(String connectSource) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'none'; "
                + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
                + "connect-src " + connectSource + "; require-trusted-types-for 'script'; trusted-types 'none'";
    }
}
