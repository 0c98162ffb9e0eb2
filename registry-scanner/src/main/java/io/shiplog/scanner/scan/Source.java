package io.shiplog.scanner.scan;

/** What made a scan find a change. */
public enum Source {
    POLL, WEBHOOK, MANUAL
}
