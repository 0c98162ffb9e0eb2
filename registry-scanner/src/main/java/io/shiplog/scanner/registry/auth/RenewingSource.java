package io.shiplog.scanner.registry.auth;

import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.CredentialSource;
import io.shiplog.scanner.registry.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CredentialSource} whose credentials expire: each host's is kept until a fifth of its lifetime (at most
 * 30 minutes) is left, then fetched anew, so a 12-hour ECR token is renewed half an hour before it runs out.
 */
abstract class RenewingSource implements CredentialSource {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(30);

    /** What one fetch gave: a credential (null: the source has none for the host) and until when it holds. */
    record Issued(Credentials.Credential credential, Instant expiresAt) {
    }

    private record Held(Issued issued, Instant renewAt) {
    }

    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    RenewingSource(Clock clock) {
        this.clock = clock;
    }

    /** Fetches {@code host}'s credential; the message of a failure names the host and never a secret. */
    abstract Issued fetch(String host) throws CredentialException;

    @Override
    public final Optional<Credentials.Credential> credential(String host) throws CredentialException {
        Held current = held.get(host);
        if (current == null || !clock.instant().isBefore(current.renewAt())) {
            synchronized (this) {
                current = held.get(host);
                Instant now = clock.instant();
                if (current == null || !now.isBefore(current.renewAt())) {
                    Issued issued = fetch(host);
                    current = new Held(issued, renewAt(now, issued.expiresAt()));
                    held.put(host, current);
                }
            }
        }
        return Optional.ofNullable(current.issued().credential());
    }

    @Override
    public final void invalidate(String host) {
        held.remove(host);
    }

    Clock clock() {
        return clock;
    }

    static Instant renewAt(Instant now, Instant expiresAt) {
        Duration lifetime = Duration.between(now, expiresAt);
        if (lifetime.isNegative()) {
            return now;
        }
        Duration margin = lifetime.dividedBy(5);
        return expiresAt.minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
    }
}
