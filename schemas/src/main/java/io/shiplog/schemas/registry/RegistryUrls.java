package io.shiplog.schemas.registry;

import java.util.regex.Pattern;

/** Masks the user-info part of URLs so credentials never reach a message, a log line or a toString(). */
public final class RegistryUrls {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");

    private RegistryUrls() {
    }

    /** {@code https://alice:secret@host/} becomes {@code https://***@host/}; anything else is unchanged. */
    public static String mask(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("***@");
    }
}
