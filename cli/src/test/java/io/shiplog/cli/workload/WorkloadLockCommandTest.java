package io.shiplog.cli.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.events.WorkloadRef;
import org.junit.jupiter.api.Test;

class WorkloadLockCommandTest {

    @Test
    void aYamlPathNamesTheManifestFile() {
        WorkloadRef ref = WorkloadLockCommand.parse("apps/web.yaml", null);
        assertThat(ref.getPath()).isEqualTo("apps/web.yaml");
        assertThat(ref.getName()).isNull();
    }

    @Test
    void kindNamespaceNameNamesTheObject() {
        WorkloadRef ref = WorkloadLockCommand.parse("Deployment/prod/web", "config");
        assertThat(ref.getKind()).isEqualTo("Deployment");
        assertThat(ref.getNamespace()).isEqualTo("prod");
        assertThat(ref.getName()).isEqualTo("web");
        assertThat(ref.getConfigRepo()).isEqualTo("config");
    }

    @Test
    void kindAndNameLeaveTheNamespaceOpen() {
        WorkloadRef ref = WorkloadLockCommand.parse("Deployment/web", null);
        assertThat(ref.getNamespace()).isNull();
        assertThat(ref.getName()).isEqualTo("web");
    }

    @Test
    void somethingThatIsNeitherIsRefusedNamingIt() {
        assertThatThrownBy(() -> WorkloadLockCommand.parse("web", null))
                .hasMessageContaining("'web'").hasMessageContaining("kind/[namespace/]name");
    }
}
