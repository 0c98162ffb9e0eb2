package io.shiplog.schemas.registry;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Typed reads of Kafka-style configuration maps (values may be strings, numbers, booleans, lists, classes or
 * {@link Password}s). Errors name the key; secret values are never echoed.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** The value of {@code key} as trimmed text; empty when absent or blank. */
    public static Optional<String> string(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text;
        if (value instanceof Password password) {
            text = password.value();
        } else if (value instanceof Class<?> type) {
            text = type.getName();
        } else if (value instanceof Collection<?> items) {
            text = items.stream().map(String::valueOf).collect(Collectors.joining(","));
        } else {
            text = value.toString();
        }
        text = text.trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The first of {@code keys} that has a value. */
    public static Optional<String> firstString(Map<String, ?> configs, String... keys) {
        for (String key : keys) {
            Optional<String> value = string(configs, key);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** {@code true}/{@code false} (any case), or {@code fallback} when absent. */
    public static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Optional<String> text = string(configs, key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, text.get(), "must be true or false");
        };
    }

    /** A whole number not below {@code min}, or {@code fallback} when absent. */
    public static long number(Map<String, ?> configs, String key, long fallback, long min) {
        Optional<String> text = string(configs, key);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, text.get(), "must be a whole number");
        }
        if (value < min) {
            throw new ConfigException(key, text.get(), "must be at least " + min);
        }
        return value;
    }
}
