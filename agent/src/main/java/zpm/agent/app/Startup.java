package zpm.agent.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.AgentSettings;
import zpm.agent.config.ConfigException;
import zpm.agent.config.ConfigLoader;
import zpm.agent.config.ZpmConfig;
import zpm.agent.core.AppSpec;
import zpm.agent.core.Target;
import zpm.agent.rpc.EventHistory;
import zpm.agent.rpc.RpcOptions;
import zpm.agent.rpc.RpcServers;
import zpm.agent.rpc.methods.AgentInfo;
import zpm.agent.rpc.methods.AgentMethods;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Start-up in order, and shutdown in reverse: check the listen addresses, keep the event
 * history, start the supervisor (no apps yet), open the RPC servers (a port in use fails here,
 * before any worker exists), then start the config's apps and those kept from apps.start.
 */
final class Startup implements AgentSignals.Controls {

    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    final Agent agent;
    final RpcServers servers;
    private final AgentMethods methods;

    private Startup(Agent agent, RpcServers servers, AgentMethods methods) {
        this.agent = agent;
        this.servers = servers;
        this.methods = methods;
    }

    static Future<Startup> start(Vertx vertx, ZpmConfig config, AgentSignals signals) {
        AgentSettings settings = config.agent();
        try {
            RpcServers.checkExposure(settings, settings.tokenFile() != null);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        AtomicReference<RpcServers> serversRef = new AtomicReference<>();
        return EventHistory.attach(vertx).compose(history ->
                Agent.start(vertx, settings.stateDir(), List.of()).compose(agent ->
                        vertx.executeBlocking(() -> RuntimeApps.loadBlocking(vertx, settings.stateDir()))
                                .compose(kept -> {
                                    AgentInfo info = new AgentInfo(settings.rpc().toString(), settings.http().toString(),
                                            () -> serversRef.get() == null ? 0 : serversRef.get().droppedEvents());
                                    AgentMethods methods = new AgentMethods(vertx, agent, kept, info,
                                            () -> signals.requestQuit("agent.quit"));
                                    return RpcServers.start(vertx, agent, settings, methods,
                                                    RpcOptions.DEFAULTS.withHistory(history))
                                            .map(servers -> {
                                                serversRef.set(servers);
                                                Startup s = new Startup(agent, servers, methods);
                                                s.startApps(config.apps(), kept);
                                                return s;
                                            });
                                })
                                // Nothing may be left running when the start fails half way.
                                .recover(e -> agent.quit().transform(q -> Future.<Startup>failedFuture(e)))));
    }

    /** Config apps first; kept apps with a name the config also uses are skipped (config wins). */
    private void startApps(List<AppSpec> configApps, RuntimeApps kept) {
        Set<String> names = new HashSet<>();
        List<AppSpec> all = new ArrayList<>(configApps);
        configApps.forEach(a -> names.add(a.name()));
        ConfigLoader loader = new ConfigLoader();
        for (RuntimeApps.Entry e : kept.entries()) {
            if (!names.add(e.name())) {
                log.warn("app={} kept from apps.start is also in the config file: the config's wins", e.name());
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
        return servers.close().eventually(() -> agent.quit());
    }

    @Override
    public void hardQuit() {
        agent.hardQuit();
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
