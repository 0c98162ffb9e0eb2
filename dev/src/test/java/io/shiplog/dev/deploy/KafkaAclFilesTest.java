package io.shiplog.dev.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclFilesTest {

    @Test
    void theKafkaAclsScriptGrantsExactlyWhatTheKafkaUsersGrant() throws Exception {
        Set<AclBinding> users = KafkaAclFiles.fromKafkaUsers();

        assertThat(KafkaAclFiles.fromScript()).containsExactlyInAnyOrderElementsOf(users);
        assertThat(KafkaAclFiles.principals(users)).containsExactly("shiplog-registry-scanner", "shiplog-git-writer",
                "shiplog-cluster-applier", "shiplog-drift-auditor", "shiplog-cli");
    }

    @Test
    void noPrincipalMayCreateDeleteOrAlterAnything() throws Exception {
        assertThat(KafkaAclFiles.fromKafkaUsers())
                .allSatisfy(binding -> {
                    assertThat(binding.entry().operation()).isIn(AclOperation.READ, AclOperation.WRITE,
                            AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
                    assertThat(binding.pattern().resourceType()).isIn(ResourceType.TOPIC, ResourceType.GROUP);
                });
    }
}
