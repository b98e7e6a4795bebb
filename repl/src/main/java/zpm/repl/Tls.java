package zpm.repl;

import zpm.repl.command.UsageException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** The TLS context for --tls (the JDK's trust store) and --cacert (the certificates in a PEM file). */
final class Tls {

    private Tls() {
    }

    static SSLContext context(String cacert) {
        try {
            if (cacert == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(Path.of(cacert))) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca" + n++, c);
                }
            }
            if (n == 0) {
                throw new UsageException("no certificate in " + cacert + " (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot use --cacert " + cacert + ": " + e.getMessage());
        }
    }
}
