package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpMigrateTest {

    @TempDir
    Path dir;

    @Test
    void zeroIsTurnedIntoOneWhenWritable() throws IOException {
        Path f = Files.writeString(dir.resolve("tcp_migrate_req"), "0\n");
        assertThat(TcpMigrate.ensureBlocking(f)).isEqualTo("1");
        assertThat(Files.readString(f).trim()).isEqualTo("1");
    }

    @Test
    void oneIsLeftAlone() throws IOException {
        Path f = Files.writeString(dir.resolve("tcp_migrate_req"), "1\n");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(TcpMigrate.ensureBlocking(f)).isEqualTo("1");
        assertThat(Files.getLastModifiedTime(f).toMillis()).as("not rewritten").isZero();
    }

    @Test
    void missingOrUnreadableSettingIsReportedNotThrown() throws IOException {
        assertThat(TcpMigrate.ensureBlocking(dir.resolve("absent"))).as("kernel before 5.14").isNull();
        assertThat(TcpMigrate.ensureBlocking(Files.createDirectory(dir.resolve("isadir")))).isNull();
    }

    @Test
    void withoutConsentTheSysctlIsOnlyRead() throws Exception {
        Path f = Files.writeString(dir.resolve("tcp_migrate_req"), "0\n");
        assertThat(TcpMigrate.warnIfOffBlocking(f)).isEqualTo("0");
        assertThat(Files.readString(f)).as("left as the machine had it").isEqualTo("0\n");
        assertThat(TcpMigrate.warnIfOffBlocking(dir.resolve("absent"))).isNull();
    }
}
