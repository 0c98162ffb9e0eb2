package io.shiplog.schemas.topic;

import java.util.List;

/** Existing topics differ from the catalogue; the message lists every difference. */
public class TopicMismatchException extends TopicProvisioningException {

    private final List<String> mismatches;

    public TopicMismatchException(List<String> mismatches) {
        super("Kafka topics do not match what Shiplog needs (fix them or the configuration, then restart):\n  - "
                + String.join("\n  - ", mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    public List<String> mismatches() {
        return mismatches;
    }
}
