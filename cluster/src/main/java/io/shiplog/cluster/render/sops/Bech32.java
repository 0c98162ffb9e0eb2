package io.shiplog.cluster.render.sops;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** Bech32 (BIP 173, without its length limit, as age uses it) for age recipients and identities. */
final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: its human-readable part in lower case and its data bytes. */
    record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    /** Decodes {@code text}; the message of the exception never quotes the text (it may be a secret key). */
    static Decoded decode(String text) {
        if (!text.equals(text.toLowerCase(Locale.ROOT)) && !text.equals(text.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("mixed case");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.length()) {
            throw new IllegalArgumentException("no separator or too short");
        }
        String hrp = lower.substring(0, separator);
        for (char c : hrp.toCharArray()) {
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("invalid character in the prefix");
            }
        }
        int[] values = new int[lower.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            int value = CHARSET.indexOf(lower.charAt(separator + 1 + i));
            if (value < 0) {
                throw new IllegalArgumentException("invalid character");
            }
            values[i] = value;
        }
        if (polymod(hrp, values, values.length) != 1) {
            throw new IllegalArgumentException("invalid checksum");
        }
        return new Decoded(hrp, regroup(values, values.length - 6));
    }

    /** Encodes {@code data} under {@code hrp} (lower case). */
    static String encode(String hrp, byte[] data) {
        ByteArrayOutputStream groups = new ByteArrayOutputStream();
        int accumulator = 0;
        int bits = 0;
        for (byte b : data) {
            accumulator = (accumulator << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                groups.write((accumulator >> bits) & 31);
            }
        }
        if (bits > 0) {
            groups.write((accumulator << (5 - bits)) & 31);
        }
        byte[] grouped = groups.toByteArray();
        int[] values = new int[grouped.length + 6];
        for (int i = 0; i < grouped.length; i++) {
            values[i] = grouped[i];
        }
        int checksum = polymod(hrp, values, values.length) ^ 1;
        for (int i = 0; i < 6; i++) {
            values[grouped.length + i] = (checksum >> (5 * (5 - i))) & 31;
        }
        StringBuilder out = new StringBuilder(hrp).append('1');
        for (int value : values) {
            out.append(CHARSET.charAt(value));
        }
        return out.toString();
    }

    private static int polymod(String hrp, int[] values, int count) {
        int checksum = 1;
        for (char c : hrp.toCharArray()) {
            checksum = step(checksum, c >> 5);
        }
        checksum = step(checksum, 0);
        for (char c : hrp.toCharArray()) {
            checksum = step(checksum, c & 31);
        }
        for (int i = 0; i < count; i++) {
            checksum = step(checksum, values[i]);
        }
        return checksum;
    }

    private static int step(int checksum, int value) {
        int top = checksum >>> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >> i) & 1) != 0) {
                checksum ^= GENERATOR[i];
            }
        }
        return checksum;
    }

    /** 5-bit groups to bytes; leftover bits must be fewer than 5 and zero. */
    private static byte[] regroup(int[] values, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int accumulator = 0;
        int bits = 0;
        for (int i = 0; i < count; i++) {
            accumulator = (accumulator << 5) | values[i];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((accumulator >> bits) & 0xff);
            }
        }
        if (bits >= 5 || (accumulator & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("invalid padding");
        }
        return out.toByteArray();
    }
}
