package io.shiplog.fleet.read;

import io.shiplog.fleet.ApiSpec;
import io.shiplog.fleet.AuditSpec;
import io.shiplog.fleet.ClusterSpec;
import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.ImageSpec;
import io.shiplog.fleet.KafkaSpec;
import io.shiplog.fleet.NotificationsSpec;
import io.shiplog.fleet.RegistrySpec;
import io.shiplog.fleet.RepositorySpec;
import io.shiplog.fleet.TuningSection;
import io.shiplog.fleet.TuningValues;
import io.shiplog.fleet.WebhooksSpec;
import io.shiplog.fleet.yaml.Nodes;
import io.shiplog.fleet.yaml.Problems;
import io.shiplog.fleet.yaml.YamlFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a whole fleet file into a {@link FleetLoad}: the node tree, then each section, collecting every problem. */
public final class FleetReader {

    private static final List<String> KEYS = List.of("apiVersion", "kind", "kafka", "registries", "images",
            "repositories", "clusters", "webhooks", "audit", "notifications", "api", "tuning");
    private static final String WHAT = "a Fleet (apiVersion: " + Fleet.API_VERSION + ", kind: " + Fleet.KIND + ")";

    private FleetReader() {
    }

    /**
     * Loads {@code file}: references resolve through {@code environment} and the disk, relative paths against the
     * file's folder; {@code sections} check the tuning sections they claim.
     */
    public static FleetLoad read(Path file, Function<String, String> environment,
                                 Map<String, TuningSection<?>> sections) {
        Problems problems = new Problems(file);
        Optional<Node> root = YamlFile.readDocument(file, problems, WHAT);
        Path folder = file.toAbsolutePath().normalize().getParent();
        ReadContext context = new ReadContext(problems, environment, folder == null ? Path.of("/") : folder);
        if (root.isEmpty()) {
            return new FleetLoad.Invalid(file, problems.sorted(), Set.of());
        }
        Fields top = Fields.open(context, root.get(), "", KEYS);
        boolean header = header(top, "apiVersion", Fleet.API_VERSION) & header(top, "kind", Fleet.KIND);
        if (!header) {
            return new FleetLoad.Invalid(file, problems.sorted(), context.inputs());
        }
        Optional<KafkaSpec> kafka = SectionsReader.kafka(top);
        List<RegistrySpec> registries = SectionsReader.registries(top);
        List<ImageSpec> images = SectionsReader.images(top);
        List<RepositorySpec> repositories = RepositoryReader.repositories(top);
        List<ClusterSpec> clusters = ClusterReader.clusters(top, repositories);
        WebhooksSpec webhooks = SectionsReader.webhooks(top);
        Optional<AuditSpec> audit = SectionsReader.audit(top);
        NotificationsSpec notifications = NotificationsReader.notifications(top);
        ApiSpec api = ApiReader.api(top);
        Map<String, TuningValues> tuning = TuningReader.tuning(top, sections);
        if (!problems.isEmpty()) {
            return new FleetLoad.Invalid(file, problems.sorted(), context.inputs());
        }
        return new FleetLoad.Valid(new Fleet(file, kafka, registries, images, repositories, clusters, webhooks, audit,
                api, tuning, notifications), context.inputs());
    }

    /** apiVersion and kind: required, exactly so; anything else stops reading (it is not a fleet file). */
    private static boolean header(Fields top, String key, String expected) {
        if (!top.has(key)) {
            top.missing(key, "is required: " + key + ": " + expected);
            return false;
        }
        Optional<String> value = top.string(key);
        if (value.isPresent() && !value.get().equals(expected)) {
            top.problem(key, "expected " + expected + ", got " + Nodes.quote(value.get()));
            return false;
        }
        return value.isPresent();
    }
}
