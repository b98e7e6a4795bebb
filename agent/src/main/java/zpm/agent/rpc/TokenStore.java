package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.AgentSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The agent's two tokens: the full one ({@link AgentSettings#tokenPath()}) and a read-only one
 * ({@code <stateDir>/token.readonly}). A missing file is created with 32 random bytes in hex and
 * mode 0600. Comparison is in constant time; a token is never logged.
 */
public final class TokenStore {

    public static final String READ_ONLY_FILE = "token.readonly";
    static final int TOKEN_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path tokenFile;
    private final Path readOnlyFile;
    private final byte[] fullDigest;
    private final byte[] readOnlyDigest;
    private final boolean created;

    private TokenStore(Path tokenFile, Path readOnlyFile, String full, String readOnly, boolean created) {
        this.tokenFile = tokenFile;
        this.readOnlyFile = readOnlyFile;
        this.fullDigest = digest(full);
        this.readOnlyDigest = digest(readOnly);
        this.created = created;
    }

    /** Loads (or creates) both tokens on a worker thread. */
    public static Future<TokenStore> load(Vertx vertx, AgentSettings settings) {
        return vertx.executeBlocking(() -> loadBlocking(settings));
    }

    public static TokenStore loadBlocking(AgentSettings settings) throws IOException {
        Path full = settings.tokenPath();
        Path readOnly = settings.stateDir().resolve(READ_ONLY_FILE);
        boolean created = !Files.exists(full);
        String fullToken = readOrCreateBlocking(full);
        String readOnlyToken = readOrCreateBlocking(readOnly);
        return new TokenStore(full, readOnly, fullToken, readOnlyToken, created);
    }

    private static String readOrCreateBlocking(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                createBlocking(file);
                log.info("token created file={} mode=0600", file);
            } catch (FileAlreadyExistsException e) {
                log.debug("token file={} appeared meanwhile; reading it", file);
            }
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException("token file " + file + " is empty: put a token in it, or delete it and"
                    + " the agent creates one");
        }
        warnIfOpen(file);
        return token;
    }

    private static void createBlocking(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw) + "\n";
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, token, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void warnIfOpen(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p))) {
                log.warn("token file={} mode={} can be read by others: chmod 600 it", file,
                        PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("token file={} mode unknown: {}", file, e.toString());
        }
    }

    /**
     * What a presented token allows. Both tokens are always compared, on SHA-256 digests of equal
     * length, so neither the answer time nor a length difference tells anything about a token.
     */
    public Access check(String presented) {
        byte[] d = digest(presented == null ? "" : presented);
        boolean full = MessageDigest.isEqual(d, fullDigest);
        boolean readOnly = MessageDigest.isEqual(d, readOnlyDigest);
        return full ? Access.FULL : readOnly ? Access.READ_ONLY : Access.DENIED;
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public Path readOnlyTokenFile() {
        return readOnlyFile;
    }

    /** True when this start created the full token file. */
    public boolean createdFullToken() {
        return created;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
