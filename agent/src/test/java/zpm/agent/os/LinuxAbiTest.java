package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinuxAbiTest {

    @Test
    void x86_64EpollEventIsPackedTwelveBytesWithDataAtFour() {
        for (String arch : new String[] {"amd64", "x86_64"}) {
            LinuxAbi abi = LinuxAbi.of(arch).orElseThrow();

            assertThat(abi.epollEventBytes()).as(arch).isEqualTo(12);
            assertThat(abi.eventsAt(0)).as(arch).isZero();
            assertThat(abi.dataAt(0)).as(arch).isEqualTo(4);
            assertThat(abi.eventsAt(2)).as(arch).isEqualTo(24);
            assertThat(abi.dataAt(2)).as(arch).isEqualTo(28);
            assertThat(abi.multiarch()).as(arch).isEqualTo("x86_64-linux-gnu");
        }
    }

    @Test
    void aarch64EpollEventIsNaturallyAlignedSixteenBytesWithDataAtEight() {
        LinuxAbi abi = LinuxAbi.of("aarch64").orElseThrow();

        assertThat(abi.epollEventBytes()).isEqualTo(16);
        assertThat(abi.eventsAt(0)).isZero();
        assertThat(abi.dataAt(0)).isEqualTo(8);
        assertThat(abi.eventsAt(2)).isEqualTo(32);
        assertThat(abi.dataAt(2)).isEqualTo(40);
        assertThat(abi.multiarch()).isEqualTo("aarch64-linux-gnu");
    }

    @Test
    void anUncheckedArchitectureIsRefusedWithItsName() {
        for (String arch : new String[] {"riscv64", "ppc64le", "s390x", "x86", "arm", ""}) {
            assertThat(LinuxAbi.of(arch)).as(arch).isEmpty();
        }
        assertThat(LinuxAbi.unsupported("riscv64").getMessage())
                .contains("os.arch=riscv64").contains("x86-64").contains("aarch64");
    }

    @Test
    void thisMachineUsesTheLayoutOfItsArchitecture() {
        assertThat(LibC.available()).as(String.valueOf(LibC.loadError())).isTrue();
        assertThat(LibC.ABI).isEqualTo(LinuxAbi.of(System.getProperty("os.arch")).orElseThrow());
    }
}
