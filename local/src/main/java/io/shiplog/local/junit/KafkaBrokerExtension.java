package io.shiplog.local.junit;

import io.shiplog.local.kafka.KafkaBroker;


/**
 * Injects the JVM-wide shared {@link KafkaBroker} into test constructors, lifecycle methods and test methods:
 * {@code @ExtendWith(KafkaBrokerExtension.class)}, then declare a {@code KafkaBroker} parameter.
 */
public final class KafkaBrokerExtension extends SharedHandleResolver<KafkaBroker> {

    public KafkaBrokerExtension() {
        super(KafkaBroker.class, KafkaBroker::shared);
    }
}
