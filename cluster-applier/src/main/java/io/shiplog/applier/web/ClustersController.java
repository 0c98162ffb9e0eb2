package io.shiplog.applier.web;

import io.shiplog.applier.cluster.ClusterStatus;
import io.shiplog.applier.cluster.ClusterWorker;
import io.shiplog.applier.cluster.ClusterWorkers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /clusters}: the state of each cluster this replica applies, and suspend / resume per cluster. */
@RestController
public class ClustersController {

    private final ClusterWorkers workers;

    public ClustersController(ClusterWorkers workers) {
        this.workers = workers;
    }

    @GetMapping("/clusters")
    public List<ClusterStatus> clusters() {
        return workers.statuses();
    }

    @GetMapping("/clusters/{name}")
    public ClusterStatus cluster(@PathVariable String name) {
        return worker(name).status();
    }

    @PostMapping("/clusters/{name}/suspend")
    public ClusterStatus suspend(@PathVariable String name) {
        ClusterWorker worker = worker(name);
        worker.suspend();
        return worker.status();
    }

    @PostMapping("/clusters/{name}/resume")
    public ClusterStatus resume(@PathVariable String name) {
        ClusterWorker worker = worker(name);
        worker.resume();
        return worker.status();
    }

    private ClusterWorker worker(String name) {
        return workers.named(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                workers.configured(name) ? "cluster '" + name + "' is applied by another replica of the applier"
                        : "no cluster named '" + name + "' is configured"));
    }
}
