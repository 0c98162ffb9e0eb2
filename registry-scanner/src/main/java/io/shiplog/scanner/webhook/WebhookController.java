package io.shiplog.scanner.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.schemas.tracing.ReleaseTracing;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.schemas.image.ImageReference;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/registry}: a registry's push notification. It is a hint: the named repository is scanned
 * at once (so its events carry source WEBHOOK), the notification's digest is never trusted. Unauthenticated calls
 * get 401 and change nothing; bodies over the limit 413; malformed ones 400.
 */
@RestController
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final WebhookVerifier verifier;
    private final ScanScheduler scheduler;
    private final int maxBodyBytes;
    private final MeterRegistry meters;
    private final ReleaseTracing tracing;

    /** What a notification led to. */
    public record Outcome(List<String> scanning, List<String> ignored, String error) {
    }

    /** @param tracing told which repositories this request's trace announces: their releases continue it */
    public WebhookController(WebhookVerifier verifier, ScanScheduler scheduler, int maxBodyBytes,
                             MeterRegistry meters, ReleaseTracing tracing) {
        this.tracing = tracing;
        this.verifier = verifier;
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
        this.meters = meters;
    }

    @PostMapping("/webhooks/registry")
    public ResponseEntity<Outcome> receive(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "too_large", "the notification is larger than "
                    + maxBodyBytes + " bytes");
        }
        String signature = request.getHeader("X-Shiplog-Signature") != null ? request.getHeader("X-Shiplog-Signature")
                : request.getHeader("X-Hub-Signature-256");
        if (!verifier.verify(request.getHeader("Authorization"), request.getParameter("token"), signature, body)) {
            return refuse(HttpStatus.UNAUTHORIZED, "unauthorized", verifier.configured()
                    ? "the notification carries no valid token or signature"
                    : "no webhook token or HMAC secret is configured (shiplog.scanner.webhook.*)");
        }
        List<PushNotice> pushes;
        try {
            pushes = WebhookParser.parse(body);
        } catch (IllegalArgumentException e) {
            return refuse(HttpStatus.BAD_REQUEST, "malformed", e.getMessage());
        }
        Set<String> scanning = new LinkedHashSet<>();
        List<String> ignored = new ArrayList<>();
        for (PushNotice push : pushes) {
            String repository = resolve(push);
            if (repository != null && scheduler.hint(repository, push.pushedAt(), push.tag())) {
                tracing.announce(repository);
                scanning.add(repository);
            } else {
                ignored.add((push.host() == null ? "" : push.host() + "/") + push.path());
            }
        }
        counter("accepted").increment();
        if (!scanning.isEmpty()) {
            LOG.info("push notification: scanning {} now", scanning);
        }
        return ResponseEntity.accepted().body(new Outcome(List.copyOf(scanning), ignored, null));
    }

    /** The watched repository a push names: host and path, or else the only watched one with that path. */
    private String resolve(PushNotice push) {
        String path = push.path();
        if (push.host() != null) {
            String exact = ImageReference.canonicalRegistry(push.host()) + "/" + path;
            if (scheduler.watched().contains(exact)) {
                return exact;
            }
        }
        List<String> byPath = scheduler.watched().stream().filter(r -> r.endsWith("/" + path)
                && r.indexOf('/') == r.length() - path.length() - 1).toList();
        return byPath.size() == 1 ? byPath.get(0) : null;
    }

    private ResponseEntity<Outcome> refuse(HttpStatus status, String reason, String message) {
        counter(reason).increment();
        LOG.warn("push notification refused ({}): {}", status.value(), message);
        return ResponseEntity.status(status).body(new Outcome(List.of(), List.of(), message));
    }

    private Counter counter(String outcome) {
        return Counter.builder("shiplog.scanner.webhook.calls").tag("outcome", outcome).register(meters);
    }
}
