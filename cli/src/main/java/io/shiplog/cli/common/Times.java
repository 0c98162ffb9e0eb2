package io.shiplog.cli.common;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times and durations as an operator types them: ISO-8601 ({@code 2026-12-07T09:00:00Z}, {@code PT30S}) or short
 * forms ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 7d}); a time given as a duration means that long ago.
 */
public final class Times {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Pattern SHORT = Pattern.compile("(\\d+(ms|s|m|h|d|w))+");

    private Times() {
    }

    /** {@code text} as a duration: {@code 30s}, {@code 1h30m}, {@code 2d} or ISO-8601 ({@code PT30S}). */
    public static Duration duration(String text) {
        String value = text == null ? "" : text.strip();
        if (SHORT.matcher(value).matches()) {
            Duration total = Duration.ZERO;
            Matcher part = PART.matcher(value);
            while (part.find()) {
                total = total.plus(unit(Long.parseLong(part.group(1)), part.group(2)));
            }
            return total;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: give one like 30s, 5m, 1h30m, 2d "
                    + "or ISO-8601 PT30S");
        }
    }

    /**
     * {@code text} as a time: ISO-8601 ({@code 2026-12-07T09:00:00Z}, {@code 2026-12-07T10:00:00+01:00}), a date
     * (its start, UTC), or an age ({@code 2h}: two hours before {@code now}).
     */
    public static Instant time(String text, Instant now) {
        String value = text == null ? "" : text.strip();
        if (SHORT.matcher(value).matches()) {
            return now.minus(duration(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 time (2026-12-07T09:00:00Z"
                        + ", 2026-12-07) nor an age like 2h, 30m, 7d");
            }
        }
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }
}
