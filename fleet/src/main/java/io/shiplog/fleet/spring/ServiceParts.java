package io.shiplog.fleet.spring;

import io.shiplog.fleet.ApiSpec;
import io.shiplog.fleet.AuditSpec;
import io.shiplog.fleet.ClusterConnection;
import io.shiplog.fleet.ClusterSpec;
import io.shiplog.fleet.DriftSpec;
import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.ImageSpec;
import io.shiplog.fleet.NotificationsSpec;
import io.shiplog.fleet.RegistrySpec;
import io.shiplog.fleet.RepositorySpec;
import io.shiplog.fleet.Secret;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each service's part of the fleet as the Spring properties the service already binds: registries and hand-listed
 * images for the scanner ({@code shiplog.scanner.*}), repositories and where each cluster's manifests are for
 * git-writer ({@code shiplog.git-writer.*}), repositories and clusters for the applier ({@code shiplog.applier.*})
 * and the drift auditor ({@code shiplog.drift.*}, clusters whose drift mode is not {@code off}), the audit store and
 * API token ({@code shiplog.audit.*}), and for every service the API tokens ({@code shiplog.api.tokens}) and the
 * address it binds ({@code server.address}). Every cluster and repository is declared once in the file; this is the
 * one place that hands it to each service, so the same repository URL reaches every service in the same spelling.
 */
final class ServiceParts {

    static final List<String> DECLARED_LISTS = List.of("shiplog.scanner.registries", "shiplog.scanner.repositories",
            "shiplog.git-writer.repositories", "shiplog.git-writer.registries", "shiplog.git-writer.clusters",
            "shiplog.applier.repositories",
            "shiplog.applier.clusters", "shiplog.drift.repositories", "shiplog.drift.clusters",
            "shiplog.notifications.targets", "shiplog.notifications.rules");

    private final Map<String, Object> plain;
    private final Map<String, Object> secrets;

    private ServiceParts(Map<String, Object> plain, Map<String, Object> secrets) {
        this.plain = plain;
        this.secrets = secrets;
    }

    /** Adds every service's part of {@code fleet} to {@code plain} and (revealed) {@code secrets}. */
    static void addTo(Fleet fleet, Map<String, Object> plain, Map<String, Object> secrets) {
        ServiceParts parts = new ServiceParts(plain, secrets);
        parts.scanner(fleet);
        parts.gitWriter(fleet);
        parts.clusters(fleet, "shiplog.applier", fleet.clusters());
        parts.clusters(fleet, "shiplog.drift", fleet.clusters().stream()
                .filter(c -> c.drift().mode() != DriftSpec.Mode.OFF).toList());
        fleet.audit().ifPresent(parts::audit);
        parts.notifications(fleet.notifications());
        parts.api(fleet.api());
    }

    private void scanner(Fleet fleet) {
        List<RegistrySpec> registries = fleet.registries();
        for (int i = 0; i < registries.size(); i++) {
            RegistrySpec r = registries.get(i);
            String at = "shiplog.scanner.registries[" + i + "].";
            plain.put(at + "host", r.host());
            plain.put(at + "url", r.url().toString());
            r.username().ifPresent(v -> plain.put(at + "username", v));
            secret(at + "password", r.password());
            plain.put(at + "page-size", r.pageSize());
            plain.put(at + "concurrency", r.concurrency());
            r.dockerConfig().ifPresent(v -> plain.put(at + "docker-config", v.toString()));
            r.auth().ifPresent(auth -> {
                plain.put(at + "auth.provider", auth.provider());
                auth.region().ifPresent(v -> plain.put(at + "auth.region", v));
                auth.endpoint().ifPresent(v -> plain.put(at + "auth.endpoint", v.toString()));
                auth.keyFile().ifPresent(v -> plain.put(at + "auth.key-file", v.toString()));
                auth.tenant().ifPresent(v -> plain.put(at + "auth.tenant", v));
                auth.clientId().ifPresent(v -> plain.put(at + "auth.client-id", v));
                secret(at + "auth.client-secret", auth.clientSecret());
                auth.federatedTokenFile().ifPresent(v -> plain.put(at + "auth.federated-token-file", v.toString()));
                auth.helper().ifPresent(v -> plain.put(at + "auth.helper", v));
            });
        }
        List<ImageSpec> images = fleet.images();
        for (int i = 0; i < images.size(); i++) {
            ImageSpec image = images.get(i);
            String at = "shiplog.scanner.repositories[" + i + "].";
            plain.put(at + "name", image.name());
            list(at + "tracked-tags", image.trackedTags());
            image.interval().ifPresent(v -> plain.put(at + "interval", v.toString()));
        }
        fleet.webhooks().registry().ifPresent(webhook -> {
            secret("shiplog.scanner.webhook.token", webhook.token());
            secret("shiplog.scanner.webhook.hmac-secret", webhook.hmacSecret());
        });
    }

    private void gitWriter(Fleet fleet) {
        List<RegistrySpec> registries = fleet.registries();
        for (int i = 0; i < registries.size(); i++) {
            RegistrySpec r = registries.get(i);
            String at = "shiplog.git-writer.registries[" + i + "].";
            plain.put(at + "host", r.host());
            plain.put(at + "url", r.url().toString());
            r.username().ifPresent(v -> plain.put(at + "username", v));
            secret(at + "password", r.password());
            r.dockerConfig().ifPresent(v -> plain.put(at + "docker-config", v.toString()));
        }
        List<RepositorySpec> repositories = fleet.repositories();
        for (int i = 0; i < repositories.size(); i++) {
            RepositorySpec r = repositories.get(i);
            String at = "shiplog.git-writer.repositories[" + i + "].";
            repositoryAccess(at, r);
            plain.put(at + "branch", r.branch());
            r.pushBranch().ifPresent(v -> plain.put(at + "push-branch", v));
            plain.put(at + "fetch-interval", r.fetchInterval().toString());
            r.commit().ifPresent(commit -> {
                commit.authorName().ifPresent(v -> plain.put(at + "commit.author-name", v));
                commit.authorEmail().ifPresent(v -> plain.put(at + "commit.author-email", v));
                commit.committerName().ifPresent(v -> plain.put(at + "commit.committer-name", v));
                commit.committerEmail().ifPresent(v -> plain.put(at + "commit.committer-email", v));
                commit.messageTemplate().ifPresent(v -> plain.put(at + "commit.message-template", v));
                plain.put(at + "commit.signing-format", commit.signingFormat().name().toLowerCase(Locale.ROOT));
                commit.signingKey().ifPresent(v -> plain.put(at + "commit.signing-key", v));
            });
            r.webhook().ifPresent(webhook -> {
                secret(at + "webhook-secret", webhook.secret());
                secret(at + "webhook-token", webhook.token());
            });
            r.pullRequests().ifPresent(pr -> {
                String prs = at + "pull-requests.";
                plain.put(prs + "forge", pr.forge().name().toLowerCase(Locale.ROOT));
                pr.apiUrl().ifPresent(v -> plain.put(prs + "api-url", v));
                pr.project().ifPresent(v -> plain.put(prs + "project", v));
                pr.username().ifPresent(v -> plain.put(prs + "username", v));
                secret(prs + "token", pr.token());
                plain.put(prs + "auto-merge", pr.autoMerge());
                plain.put(prs + "merge-method", pr.mergeMethod().name().toLowerCase(Locale.ROOT));
            });
        }
        List<ClusterSpec> clusters = fleet.clusters();
        for (int i = 0; i < clusters.size(); i++) {
            ClusterSpec c = clusters.get(i);
            String at = "shiplog.git-writer.clusters[" + i + "].";
            plain.put(at + "name", c.name());
            plain.put(at + "repository", fleet.clusterRepository(c).name());
            list(at + "paths", c.paths());
        }
    }

    /** The repositories (every one: a cluster may be added later) and {@code clusters} under {@code prefix}. */
    private void clusters(Fleet fleet, String prefix, List<ClusterSpec> clusters) {
        List<RepositorySpec> repositories = fleet.repositories();
        for (int i = 0; i < repositories.size(); i++) {
            repositoryAccess(prefix + ".repositories[" + i + "].", repositories.get(i));
            if (repositories.get(i).allowRemoteBases()) {
                plain.put(prefix + ".repositories[" + i + "].allow-remote-bases", true);
            }
        }
        boolean drift = prefix.equals("shiplog.drift");
        for (int i = 0; i < clusters.size(); i++) {
            ClusterSpec c = clusters.get(i);
            String at = prefix + ".clusters[" + i + "].";
            plain.put(at + "name", c.name());
            plain.put(at + "repository", c.repository());
            list(at + "paths", c.paths());
            if (c.connection() instanceof ClusterConnection.Kubeconfig kubeconfig) {
                plain.put(at + "kubeconfig", kubeconfig.file().toString());
                kubeconfig.context().ifPresent(v -> plain.put(at + "context", v));
            } else {
                plain.put(at + "in-cluster", true);
            }
            c.impersonate().ifPresent(v -> plain.put(at + "impersonate", v));
            plain.put(at + "default-namespace", c.defaultNamespace());
            list(at + "namespaces", c.namespaces());
            plain.put(at + "cluster-scoped", c.clusterScoped());
            c.inventoryId().ifPresent(v -> plain.put(at + "inventory-id", v));
            c.decryption().ifPresent(d -> {
                d.keyFile().ifPresent(v -> plain.put(at + "decryption.key-file", v.toString()));
                d.secret().ifPresent(v -> plain.put(at + "decryption.secret", v.toString()));
            });
            if (drift) {
                drift(at, c.drift());
            } else {
                plain.put(at + "branch", fleet.clusterRepository(c).branch());
                plain.put(at + "resync-interval", c.resync().toString());
                plain.put(at + "health-timeout", c.healthTimeout().toString());
                plain.put(at + "allow-empty-prune", c.allowEmptyPrune());
                plain.put(at + "suspended", c.suspended());
            }
        }
    }

    private void drift(String at, DriftSpec drift) {
        plain.put(at + "mode", drift.mode().name());
        plain.put(at + "audit-interval", drift.interval().toString());
        for (int j = 0; j < drift.ignore().size(); j++) {
            DriftSpec.IgnoreRule rule = drift.ignore().get(j);
            String ignore = at + "ignore[" + j + "].";
            rule.group().ifPresent(v -> plain.put(ignore + "group", v));
            rule.kind().ifPresent(v -> plain.put(ignore + "kind", v));
            rule.namespace().ifPresent(v -> plain.put(ignore + "namespace", v));
            rule.name().ifPresent(v -> plain.put(ignore + "name", v));
            list(ignore + "json-pointers", rule.jsonPointers());
            list(ignore + "managers", rule.managers());
        }
    }

    /** How a service reaches a repository: its name, URL, credentials and timeout. */
    private void repositoryAccess(String at, RepositorySpec r) {
        plain.put(at + "name", r.name());
        plain.put(at + "url", r.url());
        plain.put(at + "timeout", r.timeout().toString());
        r.auth().ifPresent(auth -> {
            auth.username().ifPresent(v -> plain.put(at + "username", v));
            secret(at + "password", auth.password());
            secret(at + "token", auth.token());
            auth.sshKey().ifPresent(v -> plain.put(at + "ssh-key", v.toString()));
            auth.knownHosts().ifPresent(v -> plain.put(at + "known-hosts", v.toString()));
        });
    }

    private void audit(AuditSpec audit) {
        audit.store().ifPresent(store -> {
            plain.put("shiplog.audit.store.url", store.url());
            store.username().ifPresent(v -> plain.put("shiplog.audit.store.username", v));
            secret("shiplog.audit.store.password", store.password());
        });
        secret("shiplog.audit.api.token", audit.token());
    }

    /** The drift-auditor's notification targets and rules ({@code shiplog.notifications.*}); URLs are secrets. */
    private void notifications(NotificationsSpec notifications) {
        String prefix = "shiplog.notifications.";
        notifications.webBaseUrl().ifPresent(v -> plain.put(prefix + "web-base-url", v));
        notifications.timeout().ifPresent(v -> plain.put(prefix + "timeout", v.toString()));
        notifications.retryAttempts().ifPresent(v -> plain.put(prefix + "retry.attempts", v));
        notifications.retryInitial().ifPresent(v -> plain.put(prefix + "retry.initial", v.toString()));
        notifications.retryMax().ifPresent(v -> plain.put(prefix + "retry.max", v.toString()));
        List<NotificationsSpec.Target> targets = notifications.targets();
        for (int i = 0; i < targets.size(); i++) {
            NotificationsSpec.Target target = targets.get(i);
            String at = prefix + "targets[" + i + "].";
            plain.put(at + "name", target.name());
            plain.put(at + "type", target.type());
            secret(at + "url", Optional.of(target.url()));
            secret(at + "secret", target.secret());
            target.mode().ifPresent(v -> plain.put(at + "mode", v));
            target.ratePerMinute().ifPresent(v -> plain.put(at + "rate-per-minute", v));
            target.queue().ifPresent(v -> plain.put(at + "queue", v));
        }
        List<NotificationsSpec.Rule> rules = notifications.rules();
        for (int i = 0; i < rules.size(); i++) {
            NotificationsSpec.Rule rule = rules.get(i);
            String at = prefix + "rules[" + i + "].";
            list(at + "events", rule.events());
            list(at + "clusters", rule.clusters());
            list(at + "apps", rule.apps());
            rule.minSeverity().ifPresent(v -> plain.put(at + "min-severity", v));
            list(at + "targets", rule.targets());
        }
    }

    private void api(ApiSpec api) {
        List<ApiSpec.Token> tokens = api.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            ApiSpec.Token token = tokens.get(i);
            String at = "shiplog.api.tokens[" + i + "].";
            plain.put(at + "name", token.name());
            secret(at + "token", Optional.of(token.token()));
            plain.put(at + "role", token.role().name().toLowerCase(Locale.ROOT));
        }
        api.address().ifPresent(address -> plain.put("server.address", address));
    }

    private void list(String name, List<String> values) {
        for (int k = 0; k < values.size(); k++) {
            plain.put(name + "[" + k + "]", values.get(k));
        }
    }

    private void secret(String name, Optional<Secret> value) {
        value.ifPresent(s -> secrets.put(name, s.reveal()));
    }
}
