package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

    private final BasicAuth auth = new BasicAuth("alice", "s3cret:with colon");

    @Test
    void acceptsRightCredentialsWithAnySchemeCase() {
        assertThat(auth.authenticate(header("Basic", "alice:s3cret:with colon"))).contains("alice");
        assertThat(auth.authenticate(header("basic", "alice:s3cret:with colon"))).contains("alice");
    }

    @Test
    void refusesMissingWrongOrMalformedCredentials() {
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate(header("Basic", "alice:wrong"))).isEmpty();
        assertThat(auth.authenticate(header("Basic", "bob:s3cret:with colon"))).isEmpty();
        assertThat(auth.authenticate(header("Bearer", "alice:s3cret:with colon"))).isEmpty();
        assertThat(auth.authenticate("Basic !!!not-base64")).isEmpty();
        assertThat(auth.authenticate("Basic")).isEmpty();
    }

    @Test
    void challengesWithBasicRealm() {
        assertThat(BasicAuth.challenge()).isEqualTo("Basic realm=\"shiplog-git\"");
    }

    private static String header(String scheme, String credentials) {
        return scheme + " " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
