package io.shiplog.gitwriter.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitTrailersTest {

    @Test
    void readsBackTheTrailersItWritesAndStripsThemFromTheMessage() {
        String message = "Update ghcr.io/acme/app to 1.5.0\n\n- apps/web.yaml: a -> b (semver:^1)"
                + CommitTrailers.block("evt-1", "corr-1", List.of("cause-1", "cause-2"));

        var trailers = CommitTrailers.parse(message);

        assertThat(trailers.get(CommitTrailers.COMMIT)).containsExactly("evt-1");
        assertThat(trailers.get(CommitTrailers.CORRELATION)).containsExactly("corr-1");
        assertThat(trailers.get(CommitTrailers.CAUSE)).containsExactly("cause-1", "cause-2");
        assertThat(CommitTrailers.strip(message)).isEqualTo("Update ghcr.io/acme/app to 1.5.0\n\n"
                + "- apps/web.yaml: a -> b (semver:^1)");
    }

    @Test
    void findsNoTrailersInAHumansMessageThatOnlyMentionsThem() {
        assertThat(CommitTrailers.parse("Fix Shiplog-Commit: handling\n\nmore text")).isEmpty();
    }
}
