package io.shiplog.auditor.query;

import java.util.List;

/** One page of rows; {@code more} says a next page exists. */
public record Page<T>(List<T> items, int page, int size, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
