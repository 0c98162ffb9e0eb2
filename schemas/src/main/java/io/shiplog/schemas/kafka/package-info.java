/**
 * The one Kafka edge of every Shiplog service. A service declares a {@link io.shiplog.schemas.kafka.Follower}
 * (what it does with each record, and between polls) and a {@link io.shiplog.schemas.kafka.FollowerSpec} (topics,
 * {@link io.shiplog.schemas.kafka.OffsetPolicy}, dead-letter path), and gets a running
 * {@link io.shiplog.schemas.kafka.KafkaFollower} from {@link io.shiplog.schemas.kafka.KafkaEdge}: one thread, one
 * consumer, restarted with backoff when it fails, its state in {@link io.shiplog.schemas.kafka.FollowerHealth}.
 * Bounded reads of history (a partition from offset 0 or a time to its end) go through
 * {@link io.shiplog.schemas.kafka.LogReader}; followers that fit Spring Kafka's listener container run on it through
 * {@link io.shiplog.schemas.kafka.ListenerContainerFollower}. Consumer configurations are built in one place,
 * {@link io.shiplog.schemas.kafka.ConsumerConfigs}.
 */
package io.shiplog.schemas.kafka;
