package io.shiplog.gitwriter.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.RepositoryWorkers;
import io.shiplog.gitwriter.release.Work;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/git/{repository}}: a git host's push webhook (GitHub, GitLab, Gitea or any JSON body with
 * {@code "ref": "refs/heads/<branch>"}) makes the repository fetch now instead of at the next interval. Verified by
 * {@link WebhookVerifier}; pushes to other branches are acknowledged and ignored.
 */
@RestController
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    private static final Pattern REF = Pattern.compile("\"ref\"\\s*:\\s*\"refs/heads/([^\"]+)\"");

    private final RepositoryWorkers workers;
    private final MeterRegistry meters;

    public WebhookController(RepositoryWorkers workers, MeterRegistry meters) {
        this.workers = workers;
        this.meters = meters;
    }

    @PostMapping("/webhooks/git/{repository}")
    public ResponseEntity<Map<String, String>> push(@PathVariable String repository,
                                                    @RequestHeader HttpHeaders headers,
                                                    @RequestBody(required = false) byte[] body) {
        RepositoryWorker worker = workers.named(repository).orElse(null);
        if (worker == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                    "no repository named '" + repository + "' is configured"));
        }
        byte[] payload = body == null ? new byte[0] : body;
        Optional<String> problem = WebhookVerifier.verify(worker.properties(), headers, payload);
        if (problem.isPresent()) {
            meters.counter("shiplog.gitwriter.webhooks", "repository", repository, "result", "rejected").increment();
            LOG.warn("webhook for {} rejected: {}", repository, problem.get());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", problem.get()));
        }
        Matcher ref = REF.matcher(new String(payload, StandardCharsets.UTF_8));
        if (ref.find() && !ref.group(1).equals(worker.properties().branch())) {
            meters.counter("shiplog.gitwriter.webhooks", "repository", repository, "result", "other-branch")
                    .increment();
            return ResponseEntity.accepted().body(Map.of("status", "ignored: push to " + ref.group(1)));
        }
        meters.counter("shiplog.gitwriter.webhooks", "repository", repository, "result", "fetch").increment();
        worker.submit(new Work.FetchNow("webhook"));
        return ResponseEntity.accepted().body(Map.of("status", "fetch scheduled"));
    }
}
