package io.shiplog.gitwriter.release;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The commit loops of the configured repositories, read by the inbound consumer for every record and changed while
 * git-writer runs when the fleet file adds or removes a repository.
 */
public final class RepositoryWorkers {

    private final List<RepositoryWorker> workers = new CopyOnWriteArrayList<>();

    public RepositoryWorkers(List<RepositoryWorker> initial) {
        workers.addAll(initial);
    }

    /** The loops now, in configuration order. */
    public List<RepositoryWorker> current() {
        return List.copyOf(workers);
    }

    public Optional<RepositoryWorker> named(String name) {
        return workers.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** Adds a loop (the caller starts it). */
    public void register(RepositoryWorker worker) {
        workers.add(worker);
    }

    /** Removes a loop (the caller closes it). */
    public void unregister(RepositoryWorker worker) {
        workers.remove(worker);
    }
}
