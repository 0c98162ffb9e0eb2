package io.shiplog.gitwriter.support;

import io.shiplog.events.DiscoverySource;
import io.shiplog.events.LockWorkload;
import io.shiplog.events.ReleaseImage;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.UnlockWorkload;
import io.shiplog.events.WorkloadRef;
import io.shiplog.schemas.image.ImageReference;
import io.shiplog.schemas.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What git-writer's peers publish, on the shared broker ({@link TestKafka}): the scanner's image events and an
 * operator's commands. Each returns the event id.
 */
public final class Kafka {

    private static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";

    private Kafka() {
    }

    /** Publishes {@code TagDiscovered}. A null digest becomes a digest derived from the tag. */
    public static String tagDiscovered(String repository, String tag, String digest, Instant createdAt) {
        ImageReference ref = ImageReference.parse(repository);
        return TestKafka.publish(ref.repository(), TagDiscovered.newBuilder().setRepository(ref.repository())
                .setRegistry(ref.registry()).setTag(tag)
                .setDigest(digest != null ? digest : digestOf(repository + ":" + tag)).setMediaType(MEDIA_TYPE)
                .setPlatforms(List.of()).setCreatedAt(createdAt).setPushedAt(null).setSource(DiscoverySource.POLL)
                .build());
    }

    public static String tagDiscovered(String repository, String tag) {
        return tagDiscovered(repository, tag, null, null);
    }

    /** Publishes {@code TagMoved}: a mutable tag now at {@code digest}. */
    public static String tagMoved(String repository, String tag, String previous, String digest) {
        ImageReference ref = ImageReference.parse(repository);
        return TestKafka.publish(ref.repository(), TagMoved.newBuilder().setRepository(ref.repository())
                .setRegistry(ref.registry()).setTag(tag).setPreviousDigest(previous).setDigest(digest)
                .setMediaType(MEDIA_TYPE).setPlatforms(List.of()).setCreatedAt(null).setPushedAt(null)
                .setSource(DiscoverySource.WEBHOOK).build());
    }

    /** Publishes a {@code ReleaseImage} command. */
    public static String releaseImage(String repository, String tag, boolean ignorePolicy) {
        return TestKafka.publish(repository, ReleaseImage.newBuilder().setRepository(repository).setTag(tag)
                .setDigest(null).setRequestedBy("test-operator").setReason("test").setIgnorePolicy(ignorePolicy)
                .build());
    }

    /** Publishes a {@code ReleaseImage} command to {@code tag} at {@code digest}, past the policy. */
    public static String releaseImage(String repository, String tag, String digest) {
        return TestKafka.publish(repository, ReleaseImage.newBuilder().setRepository(repository).setTag(tag)
                .setDigest(digest).setRequestedBy("test-operator").setReason("test").setIgnorePolicy(true).build());
    }

    /** Publishes {@code LockWorkload} ({@code lock}) or {@code UnlockWorkload} for a manifest path. */
    public static String lockWorkload(String path, boolean lock) {
        WorkloadRef ref = WorkloadRef.newBuilder().setConfigRepo(null).setPath(path).setKind(null).setNamespace(null)
                .setName(null).build();
        return TestKafka.publish(path, lock
                ? LockWorkload.newBuilder().setWorkload(ref).setContainer(null).setRequestedBy("test-operator")
                        .setReason("incident").build()
                : UnlockWorkload.newBuilder().setWorkload(ref).setContainer(null).setRequestedBy("test-operator")
                        .setReason(null).build());
    }

    public static String digestOf(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
