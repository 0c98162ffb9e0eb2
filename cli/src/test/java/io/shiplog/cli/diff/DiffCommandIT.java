package io.shiplog.cli.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.applier.config.ApplierConfigFile;
import io.shiplog.applier.config.ApplierProperties;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.cli.CliRun;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shiplog diff} against a real API server and a real git repository (a local bare one), after the applier's
 * own code applied a first commit: live edits, git changes, removals and Secrets show as a user expects, and nothing
 * is left to show once the applier applied the head.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiffCommandIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "diff-" + SUFFIX;
    private static final String NS = "diff-shop-" + SUFFIX;
    /** Secret values as committed and as live: none of them may ever be printed (nor their base64). */
    private static final String GIT_PASSWORD = "git-password-" + SUFFIX;
    private static final String LIVE_PASSWORD = "live-password-" + SUFFIX;
    private static final String USER = "shop-user-" + SUFFIX;

    @TempDir
    static Path dir;
    private static KubeCluster kube;
    private static Path fleet;
    private static Path work;
    private static String first;
    private static String head;

    @BeforeAll
    static void applyAFirstCommitThenChangeLiveAndGit() throws Exception {
        kube = KubeCluster.shared();
        Path bare = dir.resolve("fleet.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        work = dir.resolve("work");
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call().close();
        Path dead = Files.writeString(dir.resolve("dead-kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
                users: [{name: dead, user: {token: not-a-token}}]
                contexts: [{name: dead, context: {cluster: dead, user: dead}}]
                current-context: dead
                """);
        fleet = Files.writeString(dir.resolve("shiplog.yaml"), """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                repositories:
                  - name: fleet
                    url: %s
                clusters:
                  - name: %s
                    paths: [apps]
                    kubeconfig: %s
                    healthTimeout: 0s
                  - name: dead-%s
                    paths: [apps]
                    kubeconfig: %s
                """.formatted(bare, CLUSTER, kube.kubeconfigPath(), SUFFIX, dead));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("apps/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NS + "\n");
        files.put("apps/shop/deployment.yaml", deployment());
        files.put("apps/shop/settings.yaml", configMap("settings", "one"));
        files.put("apps/legacy/legacy.yaml", configMap("legacy", "old"));
        first = commit(files, List.of());
        apply(first);

        // live: someone scales the Deployment and creates the Secret that git will own
        ServerSideApplier someone = new ServerSideApplier(kube.apiClient(), "kubectl-edit");
        someone.apply(deployment().replace("replicas: 1", "replicas: 5"));
        someone.apply(secret(LIVE_PASSWORD));
        // git: a changed ConfigMap, a removed one, a new Service, the Secret with another password
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("apps/shop/settings.yaml", configMap("settings", "two"));
        changes.put("apps/shop/service.yaml", service());
        changes.put("apps/shop/secret.yaml", secret(GIT_PASSWORD));
        head = commit(changes, List.of("apps/legacy/legacy.yaml"));
        // a branch whose Deployment the API server refuses
        commit(Map.of("apps/shop/deployment.yaml", deployment().replace("replicas: 1", "replicas: -1")), List.of(),
                "broken");
    }

    @AfterAll
    static void deleteTheNamespace() {
        if (kube != null) {
            new DynamicKubernetesApi("", "v1", "namespaces", kube.apiClient()).delete(NS);
        }
    }

    @Test
    @Order(1)
    void printsEveryObjectAnApplyWouldChangeAsAUnifiedDiffAndExitsOne() {
        CliRun run = diff();

        assertThat(run.status()).as(run.err()).isEqualTo(DiffCommand.DIFFERENT);
        String out = run.out();
        assertThat(headers(out)).containsExactly(
                "diff -u -N live/v1.ConfigMap." + NS + ".legacy git/v1.ConfigMap." + NS + ".legacy",
                "diff -u -N live/v1.ConfigMap." + NS + ".settings git/v1.ConfigMap." + NS + ".settings",
                "diff -u -N live/v1.Secret." + NS + ".token git/v1.Secret." + NS + ".token",
                "diff -u -N live/v1.Service." + NS + ".web git/v1.Service." + NS + ".web",
                "diff -u -N live/apps.v1.Deployment." + NS + ".web git/apps.v1.Deployment." + NS + ".web");
        assertThat(section(out, "Deployment")).contains("--- live/apps.v1.Deployment." + NS + ".web\n"
                + "+++ git/apps.v1.Deployment." + NS + ".web\n").contains("\n-  replicas: 5\n+  replicas: 1\n")
                .doesNotContain("managedFields").doesNotContain("resourceVersion").doesNotContain("uid:")
                .doesNotContain("creationTimestamp").doesNotContain("generation").doesNotContain("status:");
        assertThat(section(out, "ConfigMap." + NS + ".settings")).contains("\n-  value: one\n+  value: two\n");
        String legacy = section(out, "ConfigMap." + NS + ".legacy");
        assertThat(legacy).contains("--- live/v1.ConfigMap." + NS + ".legacy\n+++ /dev/null\n@@ -1,")
                .contains("\n-  value: old\n");
        assertThat(changedLines(legacy)).isNotEmpty().allMatch(l -> l.startsWith("-"));
        String service = section(out, "Service");
        assertThat(service).contains("--- /dev/null\n+++ git/v1.Service." + NS + ".web\n@@ -0,0 +1,")
                .contains("\n+  - port: 80\n").contains("\n+    app.kubernetes.io/managed-by: shiplog\n")
;
        assertThat(changedLines(service)).isNotEmpty().allMatch(l -> l.startsWith("+"));
        String secret = section(out, "Secret");
        assertThat(secret).contains("\n-  password: '**MASKED**'\n+  password: '**MASKED** (changed)'\n")
                .contains("\n   user: '**MASKED** (unchanged)'\n");
        assertThat(out + run.err()).doesNotContain(GIT_PASSWORD).doesNotContain(LIVE_PASSWORD).doesNotContain(USER)
                .doesNotContain(base64(GIT_PASSWORD)).doesNotContain(base64(LIVE_PASSWORD))
                .doesNotContain(base64(USER));
        assertThat(run.err()).isEqualTo("5 object(s) of cluster " + CLUSTER + " differ from commit " + head
                + ": 1 to create, 3 to change, 1 to prune\n");
    }

    @Test
    @Order(2)
    void appAndCommitNarrowWhatIsCompared() {
        CliRun web = diff("--app", "web");
        assertThat(web.status()).as(web.err()).isEqualTo(DiffCommand.DIFFERENT);
        assertThat(headers(web.out())).containsExactly(
                "diff -u -N live/v1.Service." + NS + ".web git/v1.Service." + NS + ".web",
                "diff -u -N live/apps.v1.Deployment." + NS + ".web git/apps.v1.Deployment." + NS + ".web");

        CliRun legacyPath = diff("--app", "apps/legacy");
        assertThat(headers(legacyPath.out())).containsExactly(
                "diff -u -N live/v1.ConfigMap." + NS + ".legacy git/v1.ConfigMap." + NS + ".legacy");

        CliRun atFirst = diff("--commit", first);
        assertThat(atFirst.status()).as(atFirst.err()).isEqualTo(DiffCommand.DIFFERENT);
        assertThat(headers(atFirst.out())).containsExactly(
                "diff -u -N live/apps.v1.Deployment." + NS + ".web git/apps.v1.Deployment." + NS + ".web");
    }

    @Test
    @Order(3)
    void anObjectTheApiServerRefusesIsNamedOnStandardErrorAndTheRestStillCompared() {
        CliRun run = diff("--commit", "broken");

        assertThat(run.status()).isEqualTo(DiffCommand.DIFFERENT);
        assertThat(run.err()).contains("shiplog diff: apps/Deployment " + NS + "/web: the API server refuses the "
                + "apply (dry-run): ").contains("spec.replicas");
        assertThat(headers(run.out())).hasSize(4).noneMatch(h -> h.contains("Deployment"));
    }

    @Test
    @Order(4)
    void anUnknownOrUnreachableClusterExitsOneNamingItAndBadUsageTwo() {
        CliRun unknown = diff("--cluster", "nowhere-" + SUFFIX);
        assertThat(unknown.status()).isEqualTo(DiffCommand.DIFFERENT);
        assertThat(unknown.err()).contains("cluster nowhere-" + SUFFIX + " is not in the fleet file " + fleet)
                .contains(CLUSTER);

        CliRun dead = diff("--cluster", "dead-" + SUFFIX);
        assertThat(dead.status()).isEqualTo(DiffCommand.DIFFERENT);
        assertThat(dead.err()).startsWith("shiplog diff: cluster dead-" + SUFFIX + " is unreachable: ");
        assertThat(dead.out()).isEmpty();

        CliRun noCluster = CliRun.run("", "diff", "--config", fleet.toString());
        assertThat(noCluster.status()).isEqualTo(DiffCommand.USAGE);
        assertThat(noCluster.err()).contains("--cluster");
    }

    @Test
    @Order(5)
    void afterTheApplierAppliedTheHeadThereIsNothingToShowAndExitZero() throws Exception {
        apply(head);

        CliRun run = diff();

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(DiffCommand.SAME);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    private static CliRun diff(String... options) {
        List<String> args = new ArrayList<>(List.of("diff", "--config", fleet.toString()));
        if (!List.of(options).contains("--cluster")) {
            args.addAll(List.of("--cluster", CLUSTER));
        }
        args.addAll(List.of(options));
        return CliRun.run("", args.toArray(String[]::new));
    }

    /** Applies {@code commit} with the applier's own reconciler, as the service would. */
    private static void apply(String commit) throws Exception {
        ApplierProperties config = ApplierConfigFile.load(fleet);
        ClusterProperties cluster = config.clusters().stream().filter(c -> c.name().equals(CLUSTER)).findFirst()
                .orElseThrow();
        Path mirrors = Files.createTempDirectory(dir, "mirrors");
        ApplierProperties checked = new ApplierProperties(mirrors, config.repositories(), List.of(cluster),
                config.tuning()).validated();
        String url = checked.repositoryOf(cluster).url();
        ExecutorService pool = Reconciler.requestPool(cluster, checked.tuning());
        try (GitHandler git = new GitHandler(mirrors, checked.repositories(), new SimpleMeterRegistry())) {
            Reconciler reconciler = Reconciler.forCluster(cluster, url, git, pool, checked.tuning(),
                    new SimpleMeterRegistry());
            ReconcileOutcome outcome = reconciler.reconcile(new ApplyRequest(url, cluster.branch(), commit,
                    Trigger.COMMIT, List.of(), null));
            assertThat(outcome).isInstanceOfSatisfying(ReconcileOutcome.Completed.class, done ->
                    assertThat(done.status()).as(done.results().toString())
                            .isEqualTo(ReconcileOutcome.Status.SUCCEEDED));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String commit(Map<String, String> files, List<String> removed) throws Exception {
        return commit(files, removed, "main");
    }

    private static String commit(Map<String, String> files, List<String> removed, String branch) throws Exception {
        try (Git git = Git.open(work.toFile())) {
            for (var file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            for (String path : removed) {
                git.rm().addFilepattern(path).call();
            }
            RevCommit commit = git.commit().setMessage("change").setAuthor("t", "t@t").setCommitter("t", "t@t")
                    .call();
            git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)).call();
            return commit.name();
        }
    }

    /** The lines of a section after its --- and +++ headers and @@ hunk headers. */
    private static List<String> changedLines(String section) {
        return section.lines().skip(2).filter(l -> !l.startsWith("@@ ")).toList();
    }

    private static List<String> headers(String out) {
        return out.lines().filter(l -> l.startsWith("diff -u -N ")).toList();
    }

    /** The part of the output about the one object whose header contains {@code id}. */
    private static String section(String out, String id) {
        Matcher m = Pattern.compile("(?ms)^diff -u -N live/[^\\n]*" + Pattern.quote(id) + "[^\\n]*\\n(.*?)(?=^diff "
                + "-u -N |\\z)").matcher(out);
        assertThat(m.find()).as("a diff of " + id + " in:\n" + out).isTrue();
        return m.group(1);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String deployment() {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %s
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: registry.local/web:1.0.0
                """.formatted(NS);
    }

    private static String configMap(String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + NS
                + "\ndata:\n  value: " + value + "\n";
    }

    private static String service() {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: %s
                spec:
                  selector: {app: web}
                  ports:
                  - port: 80
                """.formatted(NS);
    }

    private static String secret(String password) {
        return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: token
                  namespace: %s
                stringData:
                  user: %s
                  password: %s
                """.formatted(NS, USER, password);
    }
}
