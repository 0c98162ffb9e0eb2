package io.shiplog.auditor.api;

import io.shiplog.auditor.project.ProjectionStatus;
import io.shiplog.auditor.project.Projector;
import io.shiplog.auditor.query.DoraQuery;
import io.shiplog.auditor.query.DoraRows;
import io.shiplog.auditor.query.HistoryQueries;
import io.shiplog.auditor.query.Page;
import io.shiplog.auditor.query.PageRequest;
import io.shiplog.auditor.query.Results.ClusterState;
import io.shiplog.auditor.query.Results.DoraReport;
import io.shiplog.auditor.query.Results.HistoryEntry;
import io.shiplog.auditor.query.Results.ImageLocation;
import io.shiplog.auditor.query.Results.ObjectChange;
import io.shiplog.auditor.query.Results.Trace;
import io.shiplog.auditor.query.StateQueries;
import io.shiplog.auditor.query.TraceQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit queries over HTTP: JSON, paged ({@code page} from 0, {@code size} up to 500), read-only; every request
 * needs the bearer token. Times are ISO-8601; ranges are [from, to).
 */
@RestController
@RequestMapping("/api/v1")
public class AuditController {

    private final StateQueries state;
    private final TraceQuery trace;
    private final HistoryQueries history;
    private final DoraQuery dora;
    private final Projector projector;
    private final Clock clock;

    public AuditController(StateQueries state, TraceQuery trace, HistoryQueries history, DoraQuery dora,
                           Projector projector, Clock clock) {
        this.state = state;
        this.trace = trace;
        this.history = history;
        this.dora = dora;
        this.projector = projector;
        this.clock = clock;
    }

    /** 1. State at a time: the commit applied to a cluster at {@code at} (default now) and its workloads' images. */
    @GetMapping("/clusters/{cluster}/state")
    public ClusterState stateAt(@PathVariable String cluster, @RequestParam(required = false) String at,
                                @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        return state.stateAt(cluster, TimeParameter.parse("at", at, clock.instant()), new PageRequest(page, size));
    }

    /** 2. Where an image repository runs now, per cluster and workload, and since when. */
    @GetMapping("/images/locations")
    public Page<ImageLocation> whereIs(@RequestParam String repository, @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        return state.whereIs(repository, new PageRequest(page, size));
    }

    /** 3. The chain of a release from a tag, {@code repository:tag}, digest or commit sha. */
    @GetMapping("/trace")
    public Trace trace(@RequestParam String ref) {
        return trace.trace(ref);
    }

    /** 4. A cluster's applies, failures, prunes and drift in [from, to) (default: the last 7 days). */
    @GetMapping("/clusters/{cluster}/history")
    public Page<HistoryEntry> history(@PathVariable String cluster, @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        Instant end = TimeParameter.parse("to", to, clock.instant());
        Instant start = TimeParameter.parse("from", from, end.minus(Duration.ofDays(7)));
        return history.history(cluster, start, end, new PageRequest(page, size));
    }

    /**
     * 5. DORA metrics over [from, to) (default: the last 28 days), optionally for one cluster or application; the
     * deliveries {@code by} cluster or application (default: by cluster for the whole organisation, by application
     * otherwise), {@code limit} rows (default 1000, at most 5000) from {@code offset}.
     */
    @GetMapping("/dora")
    public DoraReport dora(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                           @RequestParam(required = false) String cluster,
                           @RequestParam(required = false) String application,
                           @RequestParam(required = false) String by,
                           @RequestParam(defaultValue = "" + DoraRows.DEFAULT_LIMIT) int limit,
                           @RequestParam(defaultValue = "0") int offset) {
        Instant end = TimeParameter.parse("to", to, clock.instant());
        Instant start = TimeParameter.parse("from", from, end.minus(Duration.ofDays(28)));
        String clusterName = blankToNull(cluster);
        String applicationName = blankToNull(application);
        return dora.dora(start, end, clusterName, applicationName,
                DoraRows.of(by, limit, offset, clusterName, applicationName));
    }

    /** 6. The commits, human or Shiplog, that touched an object, newest first. */
    @GetMapping("/objects/changes")
    public Page<ObjectChange> changes(@RequestParam String kind, @RequestParam String name,
                                      @RequestParam(required = false) String namespace,
                                      @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        return history.changes(kind, blankToNull(namespace), name, new PageRequest(page, size));
    }

    /** Where the projection is: state, events projected, lag, rate, future-schema fields, dead letters. */
    @GetMapping("/store/status")
    public ProjectionStatus status() {
        return projector.status();
    }

    /** Drops the store and rebuilds it from offset 0 (what {@code shiplog replay audit} asks for). */
    @PostMapping("/store/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ProjectionStatus rebuild() {
        projector.rebuild();
        return projector.status();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
