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
import java.nio.file.StandardCopyOption;
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
 * mode 0600. Comparison is in constant time; a token is never logged. {@link #rotateBlocking()}
 * replaces both: the old ones are refused from then on (a session already authenticated keeps
 * the access it was given).
 */
public final class TokenStore {

    public static final String READ_ONLY_FILE = "token.readonly";
    static final int TOKEN_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path tokenFile;
    private final Path readOnlyFile;
    /** Swapped whole by a rotation, so a check never sees one new digest beside one old. */
    private volatile Digests digests;
    private final boolean created;

    private TokenStore(Path tokenFile, Path readOnlyFile, String full, String readOnly, boolean created) {
        this.tokenFile = tokenFile;
        this.readOnlyFile = readOnlyFile;
        this.digests = new Digests(digest(full), digest(readOnly));
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
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, newToken() + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static String newToken() {
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    /**
     * New full and read-only tokens: each is written to a temporary file (mode 0600 from its
     * creation) beside its token file and renamed over it, so a reader sees the old token or the
     * new one, never a half-written file. Only once both files are in place are the old tokens
     * refused; if writing fails, the old ones stay valid and the files untouched or whole.
     */
    public synchronized void rotateBlocking() throws IOException {
        String full = newToken();
        String readOnly = newToken();
        Path fullTemp = writeTempBlocking(tokenFile, full);
        Path readOnlyTemp;
        try {
            readOnlyTemp = writeTempBlocking(readOnlyFile, readOnly);
        } catch (IOException e) {
            Files.deleteIfExists(fullTemp);
            throw e;
        }
        moveBlocking(fullTemp, tokenFile);
        moveBlocking(readOnlyTemp, readOnlyFile);
        digests = new Digests(digest(full), digest(readOnly));
        log.info("tokens rotated file={} readOnlyFile={} mode=0600", tokenFile, readOnlyFile);
    }

    private static Path writeTempBlocking(Path file, String token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.SYNC);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static void moveBlocking(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
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
        Digests now = digests;
        boolean full = MessageDigest.isEqual(d, now.full());
        boolean readOnly = MessageDigest.isEqual(d, now.readOnly());
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

    private record Digests(byte[] full, byte[] readOnly) {
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
