package io.shiplog.auditor.notify;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP request body with its headers, ready for a target. */
record Outgoing(byte[] body, Map<String, String> headers) {

    Outgoing {
        headers = Map.copyOf(headers);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
