package zpm.agent.os;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls the process layer makes through JNA direct mapping (no proxy, no per-call
 * allocation): spawning with {@code posix_spawn}, pipes, {@code pidfd_open}, {@code waitpid},
 * {@code kill} and {@code epoll}. Linux on x86-64 or aarch64 ({@link LinuxAbi}) and glibc 2.34+
 * only ({@code posix_spawn_file_actions_addclosefrom_np}); {@link #available()} says whether they
 * loaded, {@link #loadError()} why not.
 *
 * <p>Calls that return -1 and set errno throw {@link LastErrorException}; the posix_spawn family
 * returns the error number instead.
 */
final class LibC {

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int WNOHANG = 1;

    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;
    static final short POSIX_SPAWN_SETCGROUP = 0x100;
    /** glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336), with room. */
    static final int FILE_ACTIONS_BYTES = 128;
    static final int SPAWN_ATTR_BYTES = 512;
    static final int SIGSET_BYTES = 128;

    static final int EPOLL_CLOEXEC = O_CLOEXEC;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLLIN = 0x001;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = O_NONBLOCK;
    static final int SOCK_CLOEXEC = O_CLOEXEC;
    /** sizeof(struct sockaddr_un): sa_family_t, then 108 bytes of path. */
    static final int SOCKADDR_UN_BYTES = 110;
    static final int EFD_CLOEXEC = O_CLOEXEC;
    static final int EFD_NONBLOCK = O_NONBLOCK;

    private static final long SYS_PIDFD_OPEN = 434; // Linux 5.3+, the same number on x86-64 and aarch64

    private static final String ARCH = System.getProperty("os.arch", "");
    /** This machine's ABI; null on one the process layer does not support ({@link #available()} is false). */
    static final LinuxAbi ABI = LinuxAbi.of(ARCH).orElse(null);
    private static final Throwable LOAD_ERROR = register();
    /** glibc 2.39+: the child is created in a cgroup v2 group (clone3 with CLONE_INTO_CGROUP); null before. */
    private static final Function SET_CGROUP = optional("posix_spawnattr_setcgroup_np");

    private LibC() {
    }

    private static Throwable register() {
        if (ABI == null) {
            return LinuxAbi.unsupported(ARCH);
        }
        try {
            // Unless told where libraries are, JNA's NativeLibrary asks '/sbin/ldconfig -p' once: a
            // child process, the JDK's process classes and a reaper thread for a list that libc,
            // found by its soname, does not need. The usual directories do instead.
            if (System.getProperty("jna.platform.library.path") == null) {
                String multiarch = ABI.multiarch();
                System.setProperty("jna.platform.library.path",
                        "/usr/lib/" + multiarch + ":/lib/" + multiarch + ":/usr/local/lib:/usr/lib:/lib");
            }
            Native.register(LibC.class, NativeLibrary.getInstance("c"));
            return null;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return e;
        }
    }

    private static Function optional(String name) {
        if (LOAD_ERROR != null) {
            return null;
        }
        try {
            return NativeLibrary.getInstance("c").getFunction(name);
        } catch (UnsatisfiedLinkError e) {
            return null; // an older glibc: the caller has another way
        }
    }

    /** True when every function below is callable. */
    static boolean available() {
        return LOAD_ERROR == null;
    }

    /** Why {@link #available()} is false, or null. */
    static Throwable loadError() {
        return LOAD_ERROR;
    }

    /** Refuses, with a message an operator can act on, to go on when {@link #available()} is false. */
    static void require() {
        if (LOAD_ERROR instanceof UnsupportedOperationException unsupported) {
            throw new IllegalStateException(unsupported.getMessage(), unsupported);
        }
        if (LOAD_ERROR != null) {
            throw new IllegalStateException("zpm's process layer needs Linux with glibc 2.34 or later: "
                    + LOAD_ERROR, LOAD_ERROR);
        }
    }

    /** strerror, for messages. */
    static String describe(int errno) {
        try {
            return strerror(errno) + " (errno " + errno + ")";
        } catch (UnsatisfiedLinkError e) {
            return "errno " + errno;
        }
    }

    /** A pidfd for {@code pid}: readable once the process has exited (reaped or not). */
    static int pidfdOpen(int pid) throws LastErrorException {
        return (int) syscall(SYS_PIDFD_OPEN, pid, 0);
    }

    /** Whether {@link #posix_spawnattr_setcgroup_np} exists (glibc 2.39 and later). */
    static boolean spawnsIntoCgroup() {
        return SET_CGROUP != null;
    }

    /** With {@link #POSIX_SPAWN_SETCGROUP}: the child starts in the group {@code cgroupFd} names. */
    static int posix_spawnattr_setcgroup_np(Pointer attr, int cgroupFd) {
        return SET_CGROUP.invokeInt(new Object[] {attr, cgroupFd});
    }

    static native String strerror(int errnum);

    static native int open(String path, int flags) throws LastErrorException;

    static native long syscall(long number, int arg1, int arg2) throws LastErrorException;

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int dup2(int oldfd, int newfd) throws LastErrorException;

    static native long sendto(int fd, byte[] buf, long len, int flags, Pointer addr, int addrlen)
            throws LastErrorException;

    static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    static native int eventfd(int initval, int flags) throws LastErrorException;

    static native int kill(int pid, int sig) throws LastErrorException;

    /** Bytes in a memory page: 4096 on x86-64, 4, 16 or 64 KiB on aarch64 kernels. */
    static native int getpagesize();

    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final int POLLFD_BYTES = 8;
    static final short POLLIN = 0x001;

    static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

    static native int epoll_create1(int flags) throws LastErrorException;

    static native int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

    static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

    static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int oflag, int mode);

    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

    static native int posix_spawn(int[] pid, String path, Pointer actions, Pointer attr, Pointer argv, Pointer envp);
}
