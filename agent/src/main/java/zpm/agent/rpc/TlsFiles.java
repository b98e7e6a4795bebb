package zpm.agent.rpc;

import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PEM certificate (chain) and its PEM private key: with them, the TCP and HTTP servers speak
 * TLS only.
 */
public record TlsFiles(Path certificate, Path privateKey) {

    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    PemKeyCertOptions options() {
        return new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(privateKey.toString());
    }
}
