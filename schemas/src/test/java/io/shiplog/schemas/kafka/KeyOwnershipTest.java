package io.shiplog.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KeyOwnershipTest {

    private static final String TOPIC = "shiplog.commands";

    @Test
    void ownsExactlyTheKeysOnItsPartitionsAndNothingBeforeTheFirstAssignment() {
        KeyOwnership one = new KeyOwnership(TOPIC);
        KeyOwnership two = new KeyOwnership(TOPIC);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("cluster-" + i);
        }
        assertThat(keys).noneMatch(one::owns);

        one.assigned(6, List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                new TopicPartition(TOPIC, 2), new TopicPartition("shiplog.other", 3)));
        two.assigned(6, List.of(new TopicPartition(TOPIC, 3), new TopicPartition(TOPIC, 4),
                new TopicPartition(TOPIC, 5)));

        assertThat(keys).allMatch(k -> one.owns(k) ^ two.owns(k));
        assertThat(keys).filteredOn(one::owns).allMatch(k -> LogReader.partitionOf(k, 6) < 3).isNotEmpty();
    }

    @Test
    void aRevokedPartitionsKeysAreNoLongerOwned() {
        KeyOwnership ownership = new KeyOwnership(TOPIC);
        ownership.assigned(6, List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1)));
        String key = keyOn(1);
        assertThat(ownership.owns(key)).isTrue();

        ownership.revoked(List.of(new TopicPartition(TOPIC, 1)));

        assertThat(ownership.owns(key)).isFalse();
        assertThat(ownership.owns(keyOn(0))).isTrue();
        assertThat(ownership.held()).containsExactly(0);
    }

    @Test
    void picksOneHolderForEachPartitionOfAnotherTopicByItsNumberModuloTheCount() {
        KeyOwnership ownership = new KeyOwnership(TOPIC);
        ownership.assigned(6, List.of(new TopicPartition(TOPIC, 2)));

        assertThat(ownership.holdsModulo(2)).isTrue();
        assertThat(ownership.holdsModulo(8)).isTrue();
        assertThat(ownership.holdsModulo(3)).isFalse();
    }

    private static String keyOn(int partition) {
        for (int i = 0; ; i++) {
            if (LogReader.partitionOf("cluster-" + i, 6) == partition) {
                return "cluster-" + i;
            }
        }
    }
}
