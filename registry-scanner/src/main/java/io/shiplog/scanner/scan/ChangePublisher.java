package io.shiplog.scanner.scan;

import java.util.List;

/** Where a scan's changes go; returns once every change is durably written. */
@FunctionalInterface
public interface ChangePublisher {

    void publish(List<TagChange> changes) throws InterruptedException;
}
