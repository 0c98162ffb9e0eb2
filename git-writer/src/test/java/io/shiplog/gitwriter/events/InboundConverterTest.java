package io.shiplog.gitwriter.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.events.Command;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ReleaseImage;
import io.shiplog.events.TagDiscovered;
import io.shiplog.schemas.event.MetaFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundConverterTest {

    private static final String REPOSITORY = "registry.example.com/team/app";

    @Test
    void aTagTheScannerListedWithoutItsDigestIsSeenWithoutOne() {
        Inbound seen = InboundConverter.fromAvro(discovered(TagDiscovered.newBuilder()));

        assertThat(seen).isInstanceOfSatisfying(Inbound.TagSeen.class, t -> {
            assertThat(t.tag()).isEqualTo("1.2.0");
            assertThat(t.digest()).isNull();
        });
    }

    @Test
    void aTagWithADigestOutsideTheGrammarIsRefusedNamingIt() {
        assertThatThrownBy(() -> InboundConverter.fromAvro(discovered(TagDiscovered.newBuilder()
                .setDigest("sha256:short").setMediaType("application/vnd.oci.image.manifest.v1+json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest 'sha256:short'");
    }

    @Test
    void aReleaseToAppsCarriesThemNormalised() {
        Inbound release = InboundConverter.fromAvro(release(Arrays.asList("web", "./apps/shop/")));

        assertThat(release).isInstanceOfSatisfying(Inbound.ReleaseRequested.class, r ->
                assertThat(r.apps().apps()).containsExactly("web", "apps/shop"));
    }

    @Test
    void aReleaseWithoutAppsMovesEveryLocation() {
        Inbound release = InboundConverter.fromAvro(release(null));

        assertThat(release).isInstanceOfSatisfying(Inbound.ReleaseRequested.class, r ->
                assertThat(r.apps().all()).isTrue());
    }

    @Test
    void aReleaseToABlankAppIsRefusedNamingIt() {
        assertThatThrownBy(() -> InboundConverter.fromAvro(release(Arrays.asList("web", " "))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app ' ' is empty");
    }

    @Test
    void aReleaseToABlankClusterIsRefusedNamingIt() {
        assertThatThrownBy(() -> InboundConverter.fromAvro(release(null, Arrays.asList("prod", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusters [prod, ]");
    }

    private static Command release(List<String> apps) {
        return release(apps, null);
    }

    private static Command release(List<String> apps, List<String> clusters) {
        return Command.newBuilder().setMeta(new MetaFactory("shiplog-cli/ops").root())
                .setPayload(ReleaseImage.newBuilder().setRepository(REPOSITORY).setTag("1.2.0")
                        .setRequestedBy("ops").setApps(apps).setClusters(clusters).build())
                .build();
    }

    private static ImageEvent discovered(TagDiscovered.Builder payload) {
        return ImageEvent.newBuilder().setMeta(new MetaFactory("registry-scanner").root())
                .setPayload(payload.setRepository(REPOSITORY).setRegistry("registry.example.com").setTag("1.2.0")
                        .setSource(DiscoverySource.POLL).build())
                .build();
    }
}
