package io.shiplog.schemas.spring;

import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.schemas.topic.TopicProvisioner.ProvisioningReport;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Provisions the catalogue's topics while the application context starts, so a service never runs on a log that
 * is missing topics or would lose history; a mismatch stops start-up with the list of differences.
 */
public final class TopicProvisioningOnStartup implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioningOnStartup.class);

    private final Map<String, Object> adminConfig;
    private final ShiplogTopicsProperties properties;

    public TopicProvisioningOnStartup(Map<String, Object> adminConfig, ShiplogTopicsProperties properties) {
        this.adminConfig = adminConfig;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.provision() == ShiplogTopicsProperties.Provision.OFF) {
            LOG.info("topic provisioning is off (shiplog.topics.provision=off)");
            return;
        }
        Map<String, Object> config = new java.util.HashMap<>(adminConfig);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.timeout().toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(properties.timeout().toMillis(), 30_000));
        try (Admin admin = Admin.create(config)) {
            TopicProvisioner provisioner = new TopicProvisioner(admin,
                    Optional.ofNullable(properties.replicationFactor()), properties.timeout());
            ProvisioningReport report = provisioner.provision(TopicCatalogue.all(properties.partitions()),
                    properties.provision() == ShiplogTopicsProperties.Provision.CREATE);
            LOG.info("release-log topics ready: created {}, verified {}", report.created(), report.verified());
        }
    }
}
