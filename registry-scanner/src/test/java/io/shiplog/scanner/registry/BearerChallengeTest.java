package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void parsesBearerChallengesWithQuotedParameters() {
        Optional<BearerChallenge> challenge = BearerChallenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"");
        assertThat(challenge).get().satisfies(c -> {
            assertThat(c.isBearer()).isTrue();
            assertThat(c.parameters()).containsEntry("realm", "https://auth.example/token")
                    .containsEntry("service", "registry.example").containsEntry("scope", "repository:a/b:pull");
        });
        assertThat(BearerChallenge.parse("Basic realm=\"Registry Realm\"")).get()
                .satisfies(c -> assertThat(c.isBasic()).isTrue());
    }
}
