package zpm.agent.os;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SocketTableTest {

    private static final String TCP4 = ""
            + "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1111 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1 0000000000000000 100 0 0 10 0\n"
            + "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 3333 1 0000000000000000 20 4 30 10 -1\n"
            + "   3: 0100007F:C350 0100007F:1F90 06 00000000:00000000 03:00000C5D 00000000     0        0 0 3 0000000000000000\n";

    private static final String TCP6 = ""
            + "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4444 1 0000000000000000 100 0 0 10 0\n"
            + "   1: 0000000000000000FFFF00000100007F:1F91 0000000000000000FFFF00000100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 20 4 30 10 -1\n";

    @Test
    void parsesIpv4LinesAndSkipsTheHeader() {
        List<SocketTable.Entry> entries = SocketTable.parseTable(TCP4, false);

        assertThat(entries).containsExactly(
                new SocketTable.Entry(8080, SocketTable.STATE_LISTEN, 1111, false),
                new SocketTable.Entry(22, SocketTable.STATE_LISTEN, 2222, false),
                new SocketTable.Entry(8080, SocketTable.STATE_ESTABLISHED, 3333, false),
                new SocketTable.Entry(50000, 0x06, 0, false));
    }

    @Test
    void parsesIpv6LinesWithTheirLongAddresses() {
        List<SocketTable.Entry> entries = SocketTable.parseTable(TCP6, true);

        assertThat(entries).containsExactly(
                new SocketTable.Entry(8080, SocketTable.STATE_LISTEN, 4444, true),
                new SocketTable.Entry(8081, SocketTable.STATE_ESTABLISHED, 5555, true));
    }

    @Test
    void malformedLinesAreSkipped() {
        assertThat(SocketTable.parseLine("", false)).isNull();
        assertThat(SocketTable.parseLine("   0: 0100007F 00000000:0000 0A 0 0 0 0 0 12", false)).isNull();
        assertThat(SocketTable.parseLine("   0: 0100007F:ZZZZ 00000000:0000 0A 0 0 0 0 0 12", false)).isNull();
        assertThat(SocketTable.parseTable("garbage\n\n", false)).isEmpty();
    }

    @Test
    void listenInodesMatchThePortInBothTables() {
        SocketTable.Snapshot snapshot = snapshot();

        assertThat(snapshot.listenInodes(8080)).containsExactlyInAnyOrder(1111L, 4444L);
        assertThat(snapshot.listenInodes(8081)).isEmpty(); // established only, no listener
        assertThat(snapshot.listenInodes(9999)).isEmpty();
    }

    @Test
    void listenPortsAndEstablishedCountLookAtTheGivenInodesOnly() {
        SocketTable.Snapshot snapshot = snapshot();

        assertThat(snapshot.listenPorts(List.of(2222L, 1111L, 3333L))).containsExactly(22, 8080);
        assertThat(snapshot.establishedCount(List.of(3333L, 5555L, 1111L))).isEqualTo(2);
        assertThat(snapshot.establishedCount(List.of())).isZero();
    }

    @Test
    void socketLinksYieldTheirInodeAndOtherLinksNothing() {
        assertThat(SocketTable.parseSocketLink("socket:[123456]")).isEqualTo(OptionalLong.of(123456));
        assertThat(SocketTable.parseSocketLink("pipe:[123456]")).isEmpty();
        assertThat(SocketTable.parseSocketLink("anon_inode:[eventpoll]")).isEmpty();
        assertThat(SocketTable.parseSocketLink("/dev/null")).isEmpty();
        assertThat(SocketTable.parseSocketLink("socket:[x]")).isEmpty();
    }

    @Test
    void childrenFilesParseToPids() {
        assertThat(SocketTable.parsePidList("4242 4243 \n")).containsExactly(4242L, 4243L);
        assertThat(SocketTable.parsePidList("")).isEmpty();
    }

    @Test
    void liveTreeOfThisJvmListensOnItsServerSocketOnly() throws IOException {
        long self = ProcessHandle.current().pid();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            int unused = unusedPort();

            assertThat(SocketTable.treeListensOnBlocking(self, port)).isTrue();
            assertThat(SocketTable.treeListensOnBlocking(self, unused)).isFalse();
            assertThat(SocketTable.readBlocking().listenPorts(SocketTable.socketInodesBlocking(self, false)))
                    .contains(port);
        }
    }

    @Test
    void liveEstablishedConnectionsAreCountedForTheirHolder() throws IOException {
        long self = ProcessHandle.current().pid();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket accepted = server.accept()) {
                Set<Long> held = SocketTable.socketInodesBlocking(self, true);

                // both ends live in this JVM
                assertThat(accepted.isConnected()).isTrue();
                assertThat(SocketTable.readBlocking().establishedCount(held)).isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void aPidThatDoesNotExistHoldsNothing() {
        assertThat(SocketTable.socketInodesBlocking(Integer.MAX_VALUE, true)).isEmpty();
    }

    private static SocketTable.Snapshot snapshot() {
        List<SocketTable.Entry> all = new ArrayList<>(SocketTable.parseTable(TCP4, false));
        all.addAll(SocketTable.parseTable(TCP6, true));
        return new SocketTable.Snapshot(all);
    }

    /** A port nothing listens on: bound and closed again, so the kernel just handed it out. */
    private static int unusedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
