package io.shiplog.auditor.web;

import io.shiplog.auditor.api.TimeParameter;
import io.shiplog.auditor.query.Page;
import io.shiplog.auditor.query.PageRequest;
import io.shiplog.auditor.web.FleetView.DriftRow;
import io.shiplog.auditor.web.FleetView.Fleet;
import io.shiplog.auditor.web.FleetView.Release;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the web view reads besides the audit queries, with the audit API's conventions: JSON under {@code /api/v1},
 * paged ({@code page} from 0, {@code size} up to 500), read-only, the bearer token on every request.
 */
@RestController
@RequestMapping("/api/v1")
public class WebViewController {

    private final FleetQueries fleet;
    private final Clock clock;

    public WebViewController(FleetQueries fleet, Clock clock) {
        this.fleet = fleet;
        this.clock = clock;
    }

    /** The fleet matrix: clusters × applications, with the running versions, health and open drift of each cell. */
    @GetMapping("/fleet")
    public Fleet matrix() {
        return fleet.fleet();
    }

    /** The releases (commits) in [from, to) (default: all until now), newest first, each traced per cluster. */
    @GetMapping("/releases")
    public Page<Release> releases(@RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "20") int size) {
        return fleet.releases(TimeParameter.parse("from", from, null), TimeParameter.parse("to", to, clock.instant()),
                new PageRequest(page, size));
    }

    /** The drift detected in the fleet or on one cluster, newest first; {@code open=true}: only the unresolved. */
    @GetMapping("/drift")
    public Page<DriftRow> drift(@RequestParam(required = false) String cluster,
                                @RequestParam(defaultValue = "false") boolean open,
                                @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        return fleet.drift(cluster == null || cluster.isBlank() ? null : cluster, open, new PageRequest(page, size));
    }
}
