package io.shiplog.gitwriter.edit;

import io.shiplog.gitwriter.manifest.ValueSlot;

/** One value to rewrite in one file: the slot found by the scan and its new logical value. */
public record ValueChange(String path, ValueSlot slot, String to) {

    public String from() {
        return slot.value();
    }
}
