package io.shiplog.auditor.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event ids sent (or being sent) to each target, the newest {@code capacity} of them: a redelivered event, or
 * the same event published twice, is sent once. Bounded: the oldest ids are forgotten first.
 */
final class SentEvents {

    private final Map<String, Boolean> sent;

    SentEvents(int capacity) {
        this.sent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether {@code eventId} is new for {@code target}; it is remembered from now on. */
    synchronized boolean claim(String target, String eventId) {
        return sent.putIfAbsent(target + "\n" + eventId, Boolean.TRUE) == null;
    }

    /** Forgets {@code eventId} for {@code target} (its delivery failed: a redelivery may try again). */
    synchronized void release(String target, String eventId) {
        sent.remove(target + "\n" + eventId);
    }
}
