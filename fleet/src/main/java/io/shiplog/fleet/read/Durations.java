package io.shiplog.fleet.read;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Go and Flux write them ({@code 500ms}, {@code 30s}, {@code 1h30m}) or in ISO-8601 ({@code PT30S}). */
public final class Durations {

    /** What a duration looks like, for messages. */
    public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 1h30m or PT30S";
    /** The same, for a duration that must be positive. */
    public static final String EXPECTED_POSITIVE = "a positive duration such as 500ms, 30s, 5m, 1h30m or PT30S";

    private static final Pattern GO = Pattern.compile("([-+]?)((?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");

    private Durations() {
    }

    /** The duration, or empty when the text is none. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (trimmed.regionMatches(true, 0, "P", 0, 1) || trimmed.regionMatches(true, 0, "-P", 0, 2)) {
            try {
                return Optional.of(Duration.parse(trimmed));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher whole = GO.matcher(trimmed);
        if (!whole.matches()) {
            return Optional.empty();
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
        }
        try {
            Duration duration = Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
            return Optional.of(whole.group(1).equals("-") ? duration.negated() : duration);
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
