package zpm.agent.local;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode: the {@code watch} paths of apps, through the JDK's WatchService (inotify on Linux),
 * on one thread, {@code zpm-watch}, started with the first watched app. A directory is watched
 * with everything below it (new subdirectories too, hidden ones and {@code target/} left out);
 * a file through its directory. Each change calls {@code onChange(app, path)} on that thread;
 * the caller debounces.
 */
final class AppWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppWatcher.class);

    /** What a watch key stands for: an app's directory, or (file != null) one file in it. */
    private record Registration(String app, Path dir, Path file) {
    }

    private final BiConsumer<String, Path> onChange;
    private final Map<WatchKey, Registration> keys = new ConcurrentHashMap<>();
    private WatchService service;
    private Thread thread;

    AppWatcher(BiConsumer<String, Path> onChange) {
        this.onChange = onChange;
    }

    /** Blocking (walks directories). Paths that do not exist are reported and skipped. */
    synchronized void watch(String app, List<String> paths) throws IOException {
        unwatch(app);
        if (paths.isEmpty()) {
            return;
        }
        if (service == null) {
            service = FileSystems.getDefault().newWatchService();
            thread = new Thread(this::loop, "zpm-watch");
            thread.setDaemon(true);
            thread.start();
        }
        for (String p : paths) {
            Path path = Path.of(p).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                registerTree(app, path);
            } else if (Files.exists(path) && path.getParent() != null) {
                keys.put(path.getParent().register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE),
                        new Registration(app, path.getParent(), path.getFileName()));
            } else {
                log.warn("app={} watch path {} does not exist: not watched", app, path);
            }
        }
        log.info("app={} watching {} for changes (dev mode)", app, paths);
    }

    synchronized void unwatch(String app) {
        keys.entrySet().removeIf(e -> {
            if (e.getValue().app().equals(app)) {
                e.getKey().cancel();
                return true;
            }
            return false;
        });
    }

    private void registerTree(String app, Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                if (dir.equals(root) || !skipped(dir)) {
                    keys.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE),
                            new Registration(app, dir, null));
                }
            }
        }
    }

    private static boolean skipped(Path dir) {
        String name = dir.getFileName().toString();
        return name.startsWith(".") || name.equals("target") || name.equals("node_modules");
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Registration reg = keys.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (reg == null) {
                    continue;
                }
                Path changed = event.kind() == OVERFLOW ? reg.dir() : reg.dir().resolve((Path) event.context());
                if (reg.file() != null && event.kind() != OVERFLOW && !reg.file().equals(event.context())) {
                    continue;
                }
                if (event.kind() == ENTRY_CREATE && reg.file() == null && Files.isDirectory(changed) && !skipped(changed)) {
                    try {
                        synchronized (this) {
                            registerTree(reg.app(), changed);
                        }
                    } catch (IOException e) {
                        log.warn("app={} cannot watch new directory {}: {}", reg.app(), changed, e.toString());
                    }
                }
                String name = changed.getFileName() == null ? "" : changed.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith("~")) { // editors' swap and backup files
                    onChange.accept(reg.app(), changed);
                }
            }
            if (!key.reset()) {
                keys.remove(key);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        keys.clear();
        if (service != null) {
            service.close();
        }
    }

    /** Apps with at least one live watch (for tests and logs). */
    Set<String> apps() {
        return Set.copyOf(keys.values().stream().map(Registration::app).toList());
    }
}
