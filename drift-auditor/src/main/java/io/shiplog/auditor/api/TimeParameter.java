package io.shiplog.auditor.api;

import io.shiplog.auditor.query.InvalidQueryException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Query times: ISO-8601 instants ({@code 2026-12-03T07:00:00Z}, with offset) or dates (midnight UTC). */
public final class TimeParameter {

    private TimeParameter() {
    }

    /** {@code value} as an instant, {@code fallback} when blank; a bad value is an invalid query naming it. */
    public static Instant parse(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidQueryException("parameter '" + name + "' is not a time: '" + abbreviate(text)
                        + "'; use ISO-8601 such as 2026-12-03T07:00:00Z or 2026-12-03");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
