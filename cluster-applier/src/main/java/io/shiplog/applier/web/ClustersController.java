package io.shiplog.applier.web;

import io.shiplog.applier.cluster.ClusterStatus;
import io.shiplog.applier.cluster.ClusterWorker;
import io.shiplog.applier.cluster.ClusterWorkers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /clusters}: the state of each cluster this replica applies, read-only. Suspend and resume are commands on
 * the log ({@code shiplog suspend|resume cluster NAME}), so each is recorded with who asked.
 */
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

    private ClusterWorker worker(String name) {
        return workers.named(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                workers.configured(name) ? "cluster '" + name + "' is applied by another replica of the applier"
                        : "no cluster named '" + name + "' is configured"));
    }
}
