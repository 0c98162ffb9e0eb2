package io.shiplog.cluster.render.pipeline;

import io.shiplog.cluster.render.Rendered;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Rendered units by content key, least recently used dropped first, bounded by the size of the output kept. */
final class RenderCache {

    private final long maxBytes;
    private final LinkedHashMap<String, Rendered> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    RenderCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<Rendered> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, Rendered rendered) {
        if (rendered.bytes() > maxBytes) {
            return;
        }
        Rendered old = entries.put(key, rendered);
        bytes += rendered.bytes() - (old == null ? 0 : old.bytes());
        Iterator<Map.Entry<String, Rendered>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
