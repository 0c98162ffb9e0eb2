package io.shiplog.gitwriter.web;

import io.shiplog.gitwriter.release.RepositoryStatus;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.RepositoryWorkers;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /status}: every repository's head, fetch failure, scan problems and queued work. */
@RestController
public class StatusController {

    private final RepositoryWorkers workers;

    public StatusController(RepositoryWorkers workers) {
        this.workers = workers;
    }

    @GetMapping("/status")
    public List<RepositoryStatus> status() {
        return workers.current().stream().map(RepositoryWorker::status).toList();
    }
}
