package io.shiplog.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository's examples/shiplog.yaml made loadable in a temporary folder, and small fleets for tests. */
public final class TestFleets {

    /** Secret values the example's references resolve to: none may ever be shown. */
    public static final Map<String, String> SECRET_FILES = Map.of(
            "kafka/jaas.conf", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"shiplog\" "
                    + "password=\"kafka-jaas-s3cr3t\";",
            "kafka/registry-user-info", "shiplog:schema-registry-s3cr3t",
            "registry/ghcr-token", "ghp_ghcrS3cr3tT0ken",
            "git/fleet-token", "git-fleet-s3cr3t-token",
            "webhooks/registry-hmac", "registry-hmac-s3cr3t",
            "db/password", "db-s3cr3t-password",
            "audit/token", "audit-query-s3cr3t-token-0123456789",
            "api/operators-token", "api-operators-s3cr3t-token-0123",
            "sops/age.txt", "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSX7SLNF");
    /** The environment of the example: GHCR_USER is no secret, the others are (notification URLs embed tokens). */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            "GHCR_USER", "acme-bot",
            "GIT_WEBHOOK_SECRET", "git-webhook-s3cr3t",
            "REGISTRY_WEBHOOK_TOKEN", "registry-webhook-s3cr3t",
            "SHIPLOG_READ_TOKEN", "api-dashboards-s3cr3t-token-0123",
            "SLACK_WEBHOOK_URL", "https://hooks.slack.test/services/T0/B0/sl4ck-s3cr3t",
            "TEAMS_WEBHOOK_URL", "https://acme.webhook.office.test/workflows/t3ams-s3cr3t",
            "AUDIT_WEBHOOK_URL", "https://changes.acme.test/hooks/shiplog?key=h00k-url-s3cr3t",
            "AUDIT_WEBHOOK_SECRET", "audit-webhook-hmac-s3cr3t",
            "CDEVENTS_URL", "https://cdevents.acme.test/events?token=cdevents-s3cr3t");

    private TestFleets() {
    }

    /** The example file, with /etc/shiplog/ moved to {@code dir} and every file it names created there. */
    public static Path example(Path dir) throws IOException {
        Path examples = Path.of(System.getProperty("shiplog.examples", "../examples"));
        String text = Files.readString(examples.resolve("shiplog.yaml")).replace("/etc/shiplog/", dir + "/");
        for (Map.Entry<String, String> secret : SECRET_FILES.entrySet()) {
            write(dir.resolve(secret.getKey()), secret.getValue() + "\n");
        }
        write(dir.resolve("registry/docker-config.json"), "{\"auths\": {}}\n");
        write(dir.resolve("git/signing-key"), "signing key\n");
        write(dir.resolve("git/id_ed25519"), "private key\n");
        write(dir.resolve("git/known_hosts"), "git.acme.internal ssh-ed25519 AAAA\n");
        write(dir.resolve("kafka/truststore.p12"), "truststore\n");
        write(dir.resolve("kube/prod-eu"), kubeconfig("prod-eu", "prod-eu", "staging"));
        write(dir.resolve("kube/prod-us"), kubeconfig("prod-us", "prod-us"));
        return write(dir.resolve("shiplog.yaml"), text);
    }

    /** A kubeconfig with these contexts, the first current. */
    public static String kubeconfig(String current, String... contexts) {
        StringBuilder text = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: " + current
                + "\nclusters: []\nusers: []\ncontexts:\n");
        for (String context : contexts) {
            text.append("  - name: ").append(context).append("\n    context: {cluster: ").append(context)
                    .append(", user: ").append(context).append("}\n");
        }
        return text.toString();
    }

    /** A small valid fleet: one repository, the given clusters (in-cluster). */
    public static String small(String... clusters) {
        StringBuilder text = new StringBuilder("""
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                repositories:
                  - name: fleet
                    url: https://git.example.com/platform/fleet.git
                clusters:
                """);
        for (String cluster : clusters) {
            text.append("  - name: ").append(cluster).append("\n    paths: [clusters/").append(cluster)
                    .append("]\n    inCluster: true\n");
        }
        return text.toString();
    }

    public static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
