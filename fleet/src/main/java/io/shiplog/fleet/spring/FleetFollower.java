package io.shiplog.fleet.spring;

import io.shiplog.fleet.FleetChange;
import io.shiplog.fleet.FleetSource;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * How a service follows its part of the watched fleet file: on each accepted edit that concerns it, its
 * properties record is bound again ({@link FleetRebinder}), checked by the service's own rules and handed over to
 * be applied; a record those rules refuse is logged and the service keeps running as it was. Without a fleet file
 * there is nothing to follow.
 */
public final class FleetFollower {

    private static final Logger LOG = LoggerFactory.getLogger(FleetFollower.class);

    private FleetFollower() {
    }

    /**
     * Follows {@code prefix} (bound as {@code type}) for {@code service}; close the handle to stop.
     *
     * @param concerns which edits concern the service (e.g. clusters or repositories changed)
     * @param checked  the service's own checks, throwing on a refused record
     * @param apply    makes the new record take effect
     */
    public static <T> AutoCloseable follow(ObjectProvider<FleetSource> sources, ObjectProvider<FleetRebinder> rebinders,
                                           String service, String prefix, Class<T> type,
                                           Predicate<FleetChange> concerns, UnaryOperator<T> checked,
                                           Consumer<T> apply) {
        FleetSource fleet = sources.getIfAvailable();
        if (fleet == null) {
            return () -> { };
        }
        FleetRebinder rebinder = rebinders.getObject();
        return fleet.subscribe(change -> {
            if (!concerns.test(change)) {
                return;
            }
            T next;
            try {
                next = checked.apply(rebinder.bind(change.current(), prefix, type));
            } catch (RuntimeException e) {
                LOG.warn("fleet file {}: change refused by {}, keeping what runs: {}", change.current().file(),
                        service, e.getMessage());
                return;
            }
            apply.accept(next);
        });
    }
}
