package zpm.agent.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The core's apps and workers, and how a command's target names them. Core thread only. */
final class Registry {

    final Map<String, App> apps = new LinkedHashMap<>();
    /** Every present worker, by the id of its current (or last) process. */
    final Map<Long, Worker> byId = new HashMap<>();

    App app(String name) {
        App a = apps.get(name);
        if (a == null) {
            throw new SupervisorException(SupervisorException.Kind.UNKNOWN_APP,
                    "no app named \"" + name + "\" (apps: " + String.join(", ", apps.keySet()) + ")");
        }
        return a;
    }

    List<App> appsOf(Target target) {
        if (target instanceof Target.App t) {
            return List.of(app(t.name()));
        }
        if (target instanceof Target.Ids) {
            return List.of();
        }
        return new ArrayList<>(apps.values());
    }

    /** The workers a target names, by app then slot; unknown ids are refused before anything is done. */
    List<Worker> workersOf(Target target) {
        if (target instanceof Target.Ids t) {
            List<Worker> found = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            for (Long id : t.ids()) {
                Worker w = byId.get(id);
                if (w == null) {
                    unknown.add(id);
                } else if (!found.contains(w)) {
                    found.add(w);
                }
            }
            if (!unknown.isEmpty()) {
                throw new SupervisorException(SupervisorException.Kind.UNKNOWN_WORKER,
                        "no worker with id " + unknown + "; `status` lists the current ids");
            }
            return found;
        }
        List<Worker> all = new ArrayList<>();
        for (App a : appsOf(target)) {
            all.addAll(a.workersBySlot());
        }
        return all;
    }
}
