package zpm.cluster.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made with openssl in a directory, and node certificates it
 * signs: EC P-256 keys in PKCS#8 PEM, extendedKeyUsage serverAuth and clientAuth (each node is
 * server and client on the event bus), valid two days. What {@code agent.cluster.tls} takes.
 */
public final class Certs {

    /** One node's files, as {@code agent.cluster.tls} names them. */
    public record Tls(Path cert, Path key, Path ca) {
        /** The {@code tls:} member of {@code agent.cluster} in YAML flow style. */
        public String yaml() {
            return "{cert: \"" + cert + "\", key: \"" + key + "\", ca: \"" + ca + "\"}";
        }
    }

    private final Path dir;

    private Certs(Path dir) {
        this.dir = dir;
    }

    /** A new CA in {@code dir} (created), named after the directory. */
    public static Certs authority(Path dir) throws IOException {
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=zpm test CA " + dir.getFileName());
        return new Certs(dir);
    }

    /** A certificate for {@code name} signed by this CA, for 127.0.0.1 and any extra IP addresses. */
    public Tls node(String name, String... ips) throws IOException {
        StringBuilder san = new StringBuilder("subjectAltName=IP:127.0.0.1,DNS:localhost");
        for (String ip : ips) {
            san.append(",IP:").append(ip);
        }
        Files.writeString(dir.resolve(name + ".ext"), san + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
        return new Tls(dir.resolve(name + ".pem"), dir.resolve(name + ".key"), dir.resolve("ca.pem"));
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
