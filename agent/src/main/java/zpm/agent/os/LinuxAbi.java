package zpm.agent.os;

import java.util.Optional;

/**
 * What differs between the Linux ABIs {@link LibC} is written for: where glibc lives and the
 * layout of {@code struct epoll_event} ({@code uint32 events}, then {@code uint64 data}). The
 * kernel declares that struct packed on x86-64 only, to match 32-bit x86: 12 bytes, data at
 * offset 4. Everywhere else the u64 is naturally aligned: 4 bytes of padding, data at offset 8,
 * 16 bytes. Reading one layout as the other yields garbage fds.
 *
 * <p>Only ABIs whose every constant in {@link LibC} was checked are listed (the open flags,
 * errno values, {@code pidfd_open}'s syscall number and the posix_spawn struct sizes are the
 * same on x86-64 and aarch64); on any other architecture the process layer refuses to start
 * rather than guess.
 *
 * @param name            how messages name it
 * @param multiarch       the Debian multiarch directory of its libraries
 * @param epollEventBytes sizeof(struct epoll_event)
 * @param epollDataOffset offset of the data field in it (where the watched fd is stored)
 */
record LinuxAbi(String name, String multiarch, int epollEventBytes, int epollDataOffset) {

    static final LinuxAbi X86_64 = new LinuxAbi("x86-64", "x86_64-linux-gnu", 12, 4);
    static final LinuxAbi AARCH64 = new LinuxAbi("aarch64", "aarch64-linux-gnu", 16, 8);

    /** The ABI of a JVM's {@code os.arch} value; empty for one the process layer does not support. */
    static Optional<LinuxAbi> of(String osArch) {
        return Optional.ofNullable(switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64" -> AARCH64;
            default -> null;
        });
    }

    /** Why the process layer will not start on {@code osArch}. */
    static UnsupportedOperationException unsupported(String osArch) {
        return new UnsupportedOperationException("zpm's process layer supports Linux on x86-64 and aarch64 only,"
                + " not os.arch=" + osArch + " (struct layouts and syscall numbers differ)");
    }

    /** Byte offset of the events field of entry {@code i} in an array of epoll_event. */
    long eventsAt(int i) {
        return (long) i * epollEventBytes;
    }

    /** Byte offset of the data field of entry {@code i} in an array of epoll_event. */
    long dataAt(int i) {
        return eventsAt(i) + epollDataOffset;
    }
}
