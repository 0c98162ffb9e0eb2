package io.shiplog.fleet.read;

import io.shiplog.fleet.ClusterConnection;
import io.shiplog.fleet.ClusterSpec;
import io.shiplog.fleet.DecryptionSpec;
import io.shiplog.fleet.DriftSpec;
import io.shiplog.fleet.RepositorySpec;
import io.shiplog.fleet.read.ReadContext.Value;
import io.shiplog.fleet.yaml.Nodes;
import io.shiplog.fleet.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code clusters}, checking each against the repositories already read. */
final class ClusterReader {

    private static final List<String> KEYS = List.of("name", "repository", "paths", "kubeconfig", "context",
            "inCluster", "impersonate", "defaultNamespace", "namespaces", "clusterScoped", "inventoryId", "resync",
            "healthTimeout", "allowEmptyPrune", "suspended", "drift", "decryption");
    private static final List<String> IGNORE_KEYS = List.of("group", "kind", "namespace", "name", "jsonPointers",
            "managers");

    private ClusterReader() {
    }

    static List<ClusterSpec> clusters(Fields top, List<RepositorySpec> repositories) {
        List<ClusterSpec> clusters = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Fields.Item item : top.items("clusters")) {
            Fields c = Fields.open(top.context(), item.node(), item.path(), KEYS);
            Optional<String> name = c.requiredString("name", Checks.DNS_LABEL_EXPECTED);
            if (name.isPresent() && !Checks.DNS_LABEL.matcher(name.get()).matches()) {
                c.problem("name", "expected " + Checks.DNS_LABEL_EXPECTED + ", got " + Nodes.quote(name.get()));
            }
            name.ifPresent(n -> {
                String first = seen.putIfAbsent(n, item.path());
                if (first != null) {
                    c.problem("name", "duplicate cluster name (first at " + first + ")");
                }
            });
            String repository = repository(c, repositories);
            List<String> paths = new ArrayList<>();
            for (Value path : c.strings("paths", "a path inside the repository")) {
                Checks.relativePathProblem(path.text()).ifPresentOrElse(
                        problem -> c.context().problems().add(path.node(), path.path(), problem),
                        () -> paths.add(path.text()));
            }
            if (!c.has("paths")) {
                c.missing("paths", "is required: the paths of the repository this cluster runs (clusters/prod)");
            } else if (c.value("paths") instanceof SequenceNode list && list.getValue().isEmpty()) {
                c.problem("paths", "must name at least one path of the repository");
            }
            ClusterConnection connection = connection(c);
            String defaultNamespace = c.string("defaultNamespace").orElse(ClusterSpec.DEFAULT_NAMESPACE);
            if (!Checks.DNS_LABEL.matcher(defaultNamespace).matches()) {
                c.problem("defaultNamespace", "expected a namespace name (" + Checks.DNS_LABEL_EXPECTED + "), got "
                        + Nodes.quote(defaultNamespace));
            }
            Set<String> namespaces = new LinkedHashSet<>();
            for (Value namespace : c.strings("namespaces", "a namespace name")) {
                if (!Checks.DNS_LABEL.matcher(namespace.text()).matches()) {
                    c.context().problems().add(namespace.node(), namespace.path(), "expected a namespace name ("
                            + Checks.DNS_LABEL_EXPECTED + "), got " + Nodes.quote(namespace.text()));
                } else if (!namespaces.add(namespace.text())) {
                    c.context().problems().add(namespace.node(), namespace.path(), "namespace listed twice");
                }
            }
            Optional<String> inventoryId = c.string("inventoryId").filter(id -> !id.isEmpty());
            inventoryId.filter(id -> id.length() > 63 || !Checks.LABEL_VALUE.matcher(id).matches()).ifPresent(id ->
                    c.problem("inventoryId", "expected a label value (at most 63 letters, digits, '-', '_' and '.', "
                            + "starting and ending with a letter or digit), got " + Nodes.quote(id)));
            Optional<String> impersonate = c.string("impersonate").filter(i -> !i.isBlank());
            clusters.add(new ClusterSpec(name.orElse(""), repository, paths, connection, impersonate, defaultNamespace,
                    List.copyOf(namespaces), c.bool("clusterScoped", true), inventoryId,
                    c.duration("resync", ClusterSpec.DEFAULT_RESYNC, false),
                    c.duration("healthTimeout", ClusterSpec.DEFAULT_HEALTH_TIMEOUT, true),
                    c.bool("allowEmptyPrune", false), c.bool("suspended", false), drift(c), decryption(c)));
        }
        return clusters;
    }

    private static String repository(Fields c, List<RepositorySpec> repositories) {
        List<String> names = repositories.stream().map(RepositorySpec::name).filter(n -> !n.isEmpty()).toList();
        if (!c.has("repository")) {
            if (repositories.size() == 1) {
                return repositories.get(0).name();
            }
            c.missing("repository", repositories.isEmpty()
                    ? "is required, and no repository is defined under repositories"
                    : "is required when there are several repositories (" + String.join(", ", names) + ")");
            return "";
        }
        return c.string("repository").map(name -> {
            if (!names.contains(name)) {
                c.problem("repository", "no repository is named '" + name + "'"
                        + Suggest.closest(name, names).map(s -> "; did you mean '" + s + "'?")
                        .orElse(names.isEmpty() ? "" : " (there are: " + String.join(", ", names) + ")"));
            }
            return name;
        }).orElse("");
    }

    private static ClusterConnection connection(Fields c) {
        boolean inCluster = c.bool("inCluster", false);
        boolean hasKubeconfig = c.has("kubeconfig");
        if (inCluster && hasKubeconfig) {
            c.problem("inCluster", "give either kubeconfig or inCluster: true, not both");
            return new ClusterConnection.InCluster();
        }
        if (inCluster) {
            if (c.has("context")) {
                c.problem("context", "a context is only used with a kubeconfig");
            }
            return new ClusterConnection.InCluster();
        }
        if (!hasKubeconfig) {
            c.missing("kubeconfig", "how to reach the cluster is required: a kubeconfig file or inCluster: true");
            return new ClusterConnection.InCluster();
        }
        Optional<String> context = c.string("context").filter(x -> !x.isBlank());
        Optional<Value> written = c.scalar("kubeconfig", "a kubeconfig file");
        Optional<Path> file = written.flatMap(c.context()::readableFile);
        if (file.isPresent()) {
            checkKubeconfig(c, written.get(), file.get(), context);
        }
        return new ClusterConnection.Kubeconfig(file.orElse(Path.of("")), context);
    }

    private static void checkKubeconfig(Fields c, Value written, Path file, Optional<String> context) {
        String shown = ReadContext.shown(written.text(), file);
        Node root;
        try {
            root = YamlFile.readOther(file);
        } catch (YamlFile.UnusableYamlException e) {
            c.problem("kubeconfig", shown + " is not a kubeconfig: " + e.getMessage());
            return;
        }
        List<String> contexts = new ArrayList<>();
        String current = null;
        for (NodeTuple tuple : ((MappingNode) root).getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
            if (key.equals("current-context") && tuple.getValueNode() instanceof ScalarNode v && !Nodes.isNull(v)) {
                current = v.getValue();
            } else if (key.equals("contexts") && tuple.getValueNode() instanceof SequenceNode list) {
                for (Node entry : list.getValue()) {
                    if (entry instanceof MappingNode m) {
                        m.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k
                                        && k.getValue().equals("name") && t.getValueNode() instanceof ScalarNode)
                                .forEach(t -> contexts.add(((ScalarNode) t.getValueNode()).getValue()));
                    }
                }
            }
        }
        String has = contexts.isEmpty() ? "it has none" : "it has: " + String.join(", ", contexts);
        if (context.isPresent() && !contexts.contains(context.get())) {
            c.problem("context", "context '" + context.get() + "' is not in " + shown + " (" + has + ")");
        } else if (context.isEmpty() && (current == null || current.isBlank())) {
            c.missing("context", shown + " has no current-context: name one (" + has + ")");
        }
    }

    private static DriftSpec drift(Fields c) {
        return c.mapping("drift", List.of("mode", "interval", "ignore")).map(d -> {
            DriftSpec.Mode mode = d.string("mode").map(text -> {
                try {
                    return DriftSpec.Mode.valueOf(text.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    d.problem("mode", "expected report, correct or off, got " + Nodes.quote(text));
                    return DriftSpec.Mode.REPORT;
                }
            }).orElse(DriftSpec.Mode.REPORT);
            List<DriftSpec.IgnoreRule> ignore = new ArrayList<>();
            for (Fields.Item item : d.items("ignore")) {
                ignore.add(ignoreRule(Fields.open(d.context(), item.node(), item.path(), IGNORE_KEYS)));
            }
            return new DriftSpec(mode, d.duration("interval", DriftSpec.DEFAULT_INTERVAL, false), ignore);
        }).orElse(DriftSpec.DEFAULT);
    }

    private static Optional<DecryptionSpec> decryption(Fields c) {
        return c.mapping("decryption", List.of("keyFile", "secret")).map(d -> {
            Optional<Path> keyFile = d.scalar("keyFile", "an age key file").flatMap(d.context()::readableFile);
            Optional<DecryptionSpec.SecretRef> secret = d.scalar("secret", "namespace/name of a Secret")
                    .flatMap(value -> secretRef(d, value.text()));
            if (!d.has("keyFile") && !d.has("secret")) {
                d.missing("keyFile", "decryption needs keyFile (an age key file) and/or secret (namespace/name of "
                        + "a Secret in the cluster with *.agekey data)");
            }
            return new DecryptionSpec(keyFile, secret);
        });
    }

    private static Optional<DecryptionSpec.SecretRef> secretRef(Fields d, String text) {
        int slash = text.indexOf('/');
        String namespace = slash < 0 ? "" : text.substring(0, slash);
        String name = slash < 0 ? text : text.substring(slash + 1);
        if (slash < 0 || !Checks.DNS_LABEL.matcher(namespace).matches()
                || !Checks.DNS_SUBDOMAIN.matcher(name).matches()) {
            d.problem("secret", "expected namespace/name of a Secret (a namespace name, '/', a Secret name), got "
                    + Nodes.quote(text));
            return Optional.empty();
        }
        return Optional.of(new DecryptionSpec.SecretRef(namespace, name));
    }

    private static DriftSpec.IgnoreRule ignoreRule(Fields rule) {
        List<String> pointers = new ArrayList<>();
        for (Value pointer : rule.strings("jsonPointers", "a JSON pointer (/spec/replicas)")) {
            Checks.jsonPointerProblem(pointer.text()).ifPresentOrElse(
                    problem -> rule.context().problems().add(pointer.node(), pointer.path(), problem),
                    () -> pointers.add(pointer.text()));
        }
        List<String> managers = rule.strings("managers", "a field manager name").stream().map(Value::text)
                .collect(Collectors.toList());
        if (!rule.has("jsonPointers") && !rule.has("managers")) {
            rule.missing("jsonPointers", "an ignore rule needs jsonPointers or managers (what to ignore)");
        }
        return new DriftSpec.IgnoreRule(rule.string("group"), rule.string("kind"), rule.string("namespace"),
                rule.string("name"), pointers, managers);
    }
}
