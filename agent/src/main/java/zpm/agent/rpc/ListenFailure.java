package zpm.agent.rpc;

import zpm.agent.config.HostPort;

import java.net.BindException;

/** Says why a server could not listen, in words an operator can act on. */
final class ListenFailure {

    private ListenFailure() {
    }

    static IllegalStateException of(HostPort address, String flag, Throwable cause) {
        if (inUse(cause)) {
            return new IllegalStateException(address + " is already in use (another agent?); choose another with "
                    + flag + " HOST:PORT", cause);
        }
        return new IllegalStateException("cannot listen on " + address + " (" + flag + "): " + cause.getMessage(), cause);
    }

    private static boolean inUse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
