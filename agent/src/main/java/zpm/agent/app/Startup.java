package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.AgentSettings;
import zpm.agent.config.ConfigException;
import zpm.agent.config.ConfigLoader;
import zpm.agent.config.HostPort;
import zpm.agent.config.ZpmConfig;
import zpm.agent.core.AppSpec;
import zpm.agent.core.Target;
import zpm.agent.fleet.AgentNode;
import zpm.agent.fleet.Alone;
import zpm.agent.fleet.FleetLink;
import zpm.agent.fleet.FleetLoader;
import zpm.agent.local.Agent;
import zpm.agent.logfiles.AgentLogTee;
import zpm.agent.metrics.EventCounts;
import zpm.agent.metrics.MetricsEndpoint;
import zpm.agent.os.Detach;
import zpm.agent.os.SystemdNotify;
import zpm.agent.logfiles.LogSettings;
import zpm.agent.logfiles.Rotation;
import zpm.agent.rpc.EventHistory;
import zpm.agent.rpc.RpcMethods;
import zpm.agent.rpc.RpcOptions;
import zpm.agent.rpc.RpcServers;
import zpm.agent.rpc.TlsFiles;
import zpm.agent.fleet.FleetMethods;
import zpm.agent.rpc.methods.AgentInfo;
import zpm.agent.rpc.methods.AgentMethods;
import zpm.protocol.ZpmVersion;
import zpm.agent.state.AgentAddress;
import zpm.agent.state.RuntimeApps;
import zpm.agent.state.SavedApps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Start-up in order, and shutdown in reverse: check the listen addresses, keep the event
 * history, start the supervisor (no apps yet), open the RPC servers (a port in use fails here,
 * before any worker exists), then start the config's apps and those kept from apps.start. A
 * clustered agent then joins its fleet in the background ({@link FleetJoin}); it leaves it first
 * when it quits.
 */
final class Startup implements AgentSignals.Controls {

    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    final Agent agent;
    final RpcServers servers;
    private final AgentMethods methods;
    /** The fleet the methods see: alone until (and unless) the clustered fleet has joined. */
    final FleetLink fleet;
    /** The background join of a clustered agent; null when alone. */
    private FleetJoin join;

    /** Whether this agent runs without --config: then it tells, at quit, what zpm save would keep. */
    private final boolean noConfig;

    private Startup(Agent agent, RpcServers servers, AgentMethods methods, FleetLink fleet, boolean noConfig) {
        this.agent = agent;
        this.fleet = fleet;
        this.noConfig = noConfig;
        this.servers = servers;
        this.methods = methods;
    }

    /** {@code detach}: an agent started by --daemon points its stdout/stderr at /dev/null once it serves. */
    static Future<Startup> start(Vertx vertx, ZpmConfig config, AgentSignals signals, boolean detach) {
        List<Path> clusterJars;
        try {
            RpcServers.checkExposure(config.agent(), config.agent().tokenFile() != null);
            RpcServers.requireTokenFileBeyondLoopbackBlocking(config.agent()); // on main's thread, before any worker
            // Asked to cluster without its jars, the agent refuses to start rather than run alone unnoticed.
            clusterJars = config.agent().cluster() == null ? null : FleetLoader.jarsBlocking();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Steps steps = new Steps(vertx, config, signals, detach, clusterJars);
        return EventHistory.attach(vertx)
                .compose(steps::startSupervisor)
                .compose(steps::openServers)
                .recover(steps::undo);
    }

    /** The start-up steps and what each leaves for the next. */
    private static final class Steps {
        private final Vertx vertx;
        private final ZpmConfig config;
        private final AgentSignals signals;
        private final boolean detach;
        /** The cluster jars when the agent clusters, else null. */
        private final List<Path> clusterJars;
        private final AtomicReference<RpcServers> servers = new AtomicReference<>();
        private EventHistory history;
        private Agent agent;
        /** Events by type and exits by reason since start, for /metrics (always on, a few adds per event). */
        private final EventCounts eventCounts = new EventCounts();
        /** The apps of saved.json when the agent has no config file and there is one; else null. */
        private List<AppSpec> saved;

        Steps(Vertx vertx, ZpmConfig config, AgentSignals signals, boolean detach, List<Path> clusterJars) {
            this.vertx = vertx;
            this.clusterJars = clusterJars;
            this.detach = detach;
            this.config = config;
            this.signals = signals;
        }

        Future<RuntimeApps> startSupervisor(EventHistory kept) {
            this.history = kept;
            Path stateDir = config.agent().stateDir();
            AgentSettings settings = config.agent();
            LogSettings logs = new LogSettings(settings.logDir(), Rotation.DEFAULT.with(settings.logs().rotation()));
            return Agent.start(vertx, stateDir, List.of(), settings.tcpMigrate(), logs, settings.node()).compose(a -> {
                agent = a;
                a.onEvent(eventCounts::count);
                if (a.logFiles() != null) {
                    AgentLogTee.install(a.logFiles()); // the agent's log: the terminal, and agent.log
                }
                return vertx.executeBlocking(() -> {
                    saved = config.source() == null ? savedAppsBlocking(stateDir) : null;
                    return RuntimeApps.loadBlocking(vertx, stateDir, a.stateDirHealth());
                });
            });
        }

        /** Without a config file, the apps of saved.json (zpm save) are what the agent starts with. */
        private List<AppSpec> savedAppsBlocking(Path stateDir) {
            Map<String, JsonNode> apps;
            try {
                apps = SavedApps.readBlocking(stateDir);
            } catch (IOException e) {
                log.warn("{} not read, its apps not started: {}", SavedApps.file(stateDir), e.getMessage());
                return null;
            }
            if (apps == null) {
                return null;
            }
            List<AppSpec> specs = new ArrayList<>();
            ConfigLoader loader = new ConfigLoader();
            apps.forEach((name, json) -> {
                try {
                    specs.add(loader.parseApp(json, SavedApps.FILE_NAME + ": " + name, null));
                } catch (ConfigException ex) {
                    log.warn("app={} saved in {} is not valid, not started: {}", name, SavedApps.FILE_NAME,
                            ex.getMessage());
                }
            });
            log.info("starting the {} app(s) saved in {}", specs.size(), SavedApps.file(stateDir));
            return specs;
        }

        Future<Startup> openServers(RuntimeApps kept) {
            AgentSettings settings = config.agent();
            AgentInfo info = new AgentInfo(settings.rpc().toString(), settings.http().toString(),
                    () -> servers.get() == null ? 0 : servers.get().droppedEvents(), settings.tcpMigrate(),
                    settings.node());
            AgentMethods agentMethods = new AgentMethods(vertx, agent, kept, info,
                    () -> signals.requestQuit("agent.quit"));
            FleetLink fleet = new FleetLink(new Alone(settings.node(), ZpmVersion.get(), agent.startedAtMs()));
            // The table the servers answer with: the fleet's fan-out over the agent's own methods.
            RpcMethods methods = new FleetMethods(agentMethods, fleet, settings.cluster());
            RpcOptions options = RpcOptions.DEFAULTS.withHistory(history)
                    .withMetrics(new MetricsEndpoint(vertx, agent, agentMethods.stats(), eventCounts, servers::get));
            if (settings.tlsCert() != null) {
                options = options.withTls(new TlsFiles(settings.tlsCert(), settings.tlsKey()));
            }
            return RpcServers.start(vertx, agent, settings, methods, options).compose(opened -> {
                servers.set(opened);
                return vertx.executeBlocking(() -> writeAddress(opened));
            }).map(opened -> {
                Startup s = new Startup(agent, opened, agentMethods, fleet, config.source() == null);
                if (saved != null) {
                    s.startApps(saved, kept, SavedApps.FILE_NAME);
                } else {
                    s.startApps(config.apps(), kept, "the config file");
                }
                if (settings.cluster() != null) {
                    // Forwarded calls run the plain table: a call from another node never fans out again.
                    s.join = new FleetJoin(vertx, settings.cluster(), new AgentNode(settings.node(), vertx, agent,
                            agentMethods), fleet, clusterJars, why -> signals.quitFailed("fleet: " + why));
                    s.join.start();
                }
                return s;
            });
        }

        /** agent.json, once both listeners are bound: the command line finds this agent by it. */
        private RpcServers writeAddress(RpcServers opened) throws java.io.IOException {
            AgentSettings settings = config.agent();
            String rpc = new HostPort(settings.rpc().host(), opened.tcpPort()).toString(); // [::1]:P for IPv6
            AgentAddress.writeBlocking(settings.stateDir(), rpc, new HostPort(settings.http().host(),
                    opened.httpPort()).toString(), agent.startedAtMs(), config.source());
            if (detach) {
                Detach.stdioToDevNullBlocking(); // --daemon has read our stderr until now: nobody does after
            }
            notifySystemd("READY=1\nMAINPID=" + ProcessHandle.current().pid() + "\nSTATUS=serving, rpc " + rpc + "\n");
            return opened;
        }

        /** Nothing may be left running when the start fails half way. */
        Future<Startup> undo(Throwable failure) {
            Future<Void> stopped = agent == null ? Future.succeededFuture() : agent.quit();
            return stopped.transform(r -> Future.failedFuture(failure));
        }
    }

    /**
     * Config (or saved) apps first; kept apps with a name those also use are skipped (the first
     * ones win).
     */
    private void startApps(List<AppSpec> configApps, RuntimeApps kept, String from) {
        Set<String> names = new HashSet<>();
        List<AppSpec> all = new ArrayList<>(configApps);
        configApps.forEach(a -> names.add(a.name()));
        ConfigLoader loader = new ConfigLoader();
        for (RuntimeApps.Entry e : kept.entries()) {
            if (!names.add(e.name())) {
                if (from.equals(SavedApps.FILE_NAME)) {
                    continue; // resurrected apps are kept in apps.json too: saved.json's size wins, silently
                }
                log.warn("app={} kept from apps.start is also in {}: that one wins", e.name(), from);
                continue;
            }
            try {
                AppSpec spec = loader.parseApp(e.app(), RuntimeApps.FILE_NAME + ": " + e.name(), null);
                all.add(e.stopped() ? spec.withSize(0) : spec);
            } catch (ConfigException ex) {
                log.warn("app={} kept from apps.start is no longer valid, not started: {}", e.name(), ex.getMessage());
            }
        }
        for (AppSpec spec : all) {
            agent.addApp(spec).onFailure(ex -> log.warn("app={} did not start: {}", spec.name(), ex.getMessage()));
        }
    }

    @Override
    public Future<Void> quit() {
        methods.close();
        Future<Void> left = join == null ? Future.succeededFuture() : join.close(); // first: others see it leave
        Path stateDir = agent.stateDir();
        if (SystemdNotify.fromEnvironment() != null) {
            agent.vertx().executeBlocking(() -> {
                notifySystemd("STOPPING=1\n");
                return null;
            });
        }
        return left.eventually(this::unsavedChanges).eventually(servers::close).eventually(() -> agent.vertx().executeBlocking(() -> {
            AgentAddress.removeBlocking(stateDir); // while the lock is held: never a successor's file
            return null;
        }).recover(e -> {
            log.warn("{} not removed: {}", stateDir.resolve(AgentAddress.FILE_NAME), e.toString());
            return Future.succeededFuture();
        })).eventually(() -> agent.quit());
    }

    /**
     * One line when the apps or their sizes differ from saved.json (or nothing is saved and apps
     * run): what the next start would not bring back. Only without --config, or once saved.json
     * exists: a config file's apps come back from the file.
     */
    private Future<Void> unsavedChanges() {
        Path stateDir = agent.stateDir();
        return agent.apps().compose(apps -> agent.vertx().<Void>executeBlocking(() -> {
            Map<String, JsonNode> saved = SavedApps.readBlocking(stateDir);
            if (saved == null && !noConfig) {
                return null;
            }
            Map<String, Integer> now = new LinkedHashMap<>();
            apps.forEach(a -> now.put(a.name(), a.size()));
            String changes = SavedApps.changes(saved, now);
            if (changes != null) {
                log.warn("apps changed since the last save (zpm save keeps them): {}", changes);
            }
            return null;
        })).recover(e -> {
            log.debug("saved apps not compared: {}", e.toString());
            return Future.succeededFuture();
        });
    }

    /** Blocking. Under systemd's Type=notify (NOTIFY_SOCKET set), tells it; a failure is logged only. */
    private static void notifySystemd(String message) {
        SystemdNotify notify = SystemdNotify.fromEnvironment();
        if (notify != null) {
            String failure = notify.sendBlocking(message);
            if (failure != null) {
                log.warn("systemd not told {}: {}", message.lines().findFirst().orElse(""), failure);
            }
        }
    }

    @Override
    public void hardQuit() {
        agent.hardQuit();
    }

    @Override
    public void reopenLogs() {
        agent.reopenLogs().onComplete(r -> {
            if (r.failed()) {
                log.warn("log files not reopened: {}", r.cause().toString());
            } else {
                log.info("log files reopened: {}", r.result());
            }
        });
    }

    @Override
    public void restartAll() {
        agent.restart(Target.ALL).onComplete(r -> {
            if (r.failed()) {
                log.warn("restart of every app refused: {}", r.cause().getMessage());
            } else if (!r.result().ok()) {
                log.warn("restart of every app stopped: {}", r.result().error());
            }
        });
    }
}
