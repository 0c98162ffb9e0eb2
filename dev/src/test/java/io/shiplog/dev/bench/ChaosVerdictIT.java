package io.shiplog.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chaos verdict counts what it promises to count, on a real repository's history. */
class ChaosVerdictIT {

    private static final Author SHIPLOG = new Author("Shiplog", "shiplog@localhost");
    private static final Author PERSON = new Author("A Person", "person@shiplog.invalid");

    @Test
    void countsLostReleasesRepeatedCommitsAndHumanCommitsGoneFromTheHistory() throws Exception {
        GitServer git = GitServer.start(GitServer.Options.defaults());
        try (git) {
            ReleaseBench.seed(git, "registry.test", 2);
            String human = git.commit(ReleaseBench.REPOSITORY, Map.of("apps/human.yaml", "data:\n  round: \"1\"\n"),
                    "by hand", PERSON);
            git.commit(ReleaseBench.REPOSITORY, Map.of("apps/app-0.yaml", app(0, 1)), "release 1.1.0", SHIPLOG);
            git.commit(ReleaseBench.REPOSITORY, Map.of("apps/app-0.yaml", app(0, 1) + "# touched\n"),
                    "release 1.1.0 again", SHIPLOG);
            git.commit(ReleaseBench.REPOSITORY, Map.of("apps/app-1.yaml", app(1, 2)), "release 1.2.0", SHIPLOG);

            List<ChaosVerdict.Release> pushed = List.of(new ChaosVerdict.Release(0, 1), new ChaosVerdict.Release(0, 2),
                    new ChaosVerdict.Release(1, 1), new ChaosVerdict.Release(1, 2));
            ChaosVerdict verdict = ChaosVerdict.judge(git, List.of(), pushed, 2,
                    Set.of(human, "0".repeat(40)), null, "registry.test");

            assertThat(verdict.lost()).as("1.2.0 of app-0 never reached git").isEqualTo(1);
            assertThat(verdict.duplicateCommits()).as("a Shiplog commit that changed no image").isEqualTo(1);
            assertThat(verdict.humanCommitsLost()).isEqualTo(1);
            assertThat(verdict.notConverged()).isZero();
            assertThat(verdict.findings()).anyMatch(f -> f.contains("bench/app-0:1.2.0 is not in git"))
                    .anyMatch(f -> f.contains("changes no image"))
                    .anyMatch(f -> f.contains("0".repeat(40)));
        }
    }

    private static String app(int app, int round) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" + app + "\nspec:\n  template:\n"
                + "    spec:\n      containers:\n        - name: app\n          image: registry.test/"
                + ReleaseBench.image(app) + ":1." + round + ".0\n";
    }
}
