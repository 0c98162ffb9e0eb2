package io.shiplog.scanner.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.scanner.registry.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenewingSourceTest {

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-07T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final AtomicInteger fetches = new AtomicInteger();
    private final RenewingSource twelveHours = new RenewingSource(clock) {
        @Override
        Issued fetch(String host) {
            return new Issued(new Credentials.Credential("AWS", "token-" + fetches.incrementAndGet()),
                    clock.instant().plus(Duration.ofHours(12)));
        }

        @Override
        public String toString() {
            return "test";
        }
    };

    @Test
    void keepsATwelveHourTokenUntilHalfAnHourBeforeItExpires() throws Exception {
        assertThat(twelveHours.credential("ecr")).map(Credentials.Credential::password).contains("token-1");

        clock.now = clock.now.plus(Duration.ofHours(11).plusMinutes(29));
        assertThat(twelveHours.credential("ecr")).map(Credentials.Credential::password).contains("token-1");

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(twelveHours.credential("ecr")).map(Credentials.Credential::password).contains("token-2");
    }

    @Test
    void fetchesAnewAfterTheRegistryRefusedTheCredential() throws Exception {
        twelveHours.credential("ecr");
        twelveHours.invalidate("ecr");

        assertThat(twelveHours.credential("ecr")).map(Credentials.Credential::password).contains("token-2");
    }

    @Test
    void renewsShortLivedTokensAFifthOfTheirLifetimeAhead() {
        Instant now = Instant.parse("2026-12-07T08:00:00Z");

        assertThat(RenewingSource.renewAt(now, now.plus(Duration.ofHours(1))))
                .isEqualTo(now.plus(Duration.ofMinutes(48)));
        assertThat(RenewingSource.renewAt(now, now.minusSeconds(1))).isEqualTo(now);
    }
}
