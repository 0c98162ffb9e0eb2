package io.shiplog.auditor.store;

import java.util.Arrays;
import java.util.Collection;

/**
 * The {@code dora_days.leads} column: every lead time of a cluster's day, its applications pooled, sorted ascending
 * and written as varints (the first value zig-zag encoded, then each one's distance from the one before). A day's
 * lead times are a few minutes apart, so most take one or two bytes, and they are read back with no text parsed and
 * nothing allocated but the result.
 */
public final class LeadTimes {

    private LeadTimes() {
    }

    /** The lead times of {@code applications}, pooled and sorted, as the column holds them. */
    static byte[] encode(Collection<DoraDay.Delivered> applications) {
        int size = 0;
        for (DoraDay.Delivered delivered : applications) {
            size += delivered.leadTimes().length;
        }
        long[] pooled = new long[size];
        int at = 0;
        for (DoraDay.Delivered delivered : applications) {
            System.arraycopy(delivered.leadTimes(), 0, pooled, at, delivered.leadTimes().length);
            at += delivered.leadTimes().length;
        }
        Arrays.sort(pooled);
        return encode(pooled);
    }

    /** {@code sorted} (ascending) as the column holds it. */
    static byte[] encode(long[] sorted) {
        byte[] out = new byte[sorted.length * 10];
        int at = 0;
        long previous = 0;
        for (int i = 0; i < sorted.length; i++) {
            // the first as a zig-zag varint (it may be negative), then the distance from the one before: never
            // negative when read as unsigned, and added back with the same wrap-around
            long value = i == 0 ? sorted[0] << 1 ^ sorted[0] >> 63 : sorted[i] - previous;
            previous = sorted[i];
            while ((value & ~0x7FL) != 0) {
                out[at++] = (byte) (value & 0x7F | 0x80);
                value >>>= 7;
            }
            out[at++] = (byte) value;
        }
        return Arrays.copyOf(out, at);
    }

    /** How many lead times {@code column} holds (each ends with the one byte whose high bit is clear). */
    public static int count(byte[] column) {
        int count = 0;
        for (byte b : column) {
            count += b >= 0 ? 1 : 0;
        }
        return count;
    }

    /** The lead times of {@code column}, ascending. */
    public static long[] decode(byte[] column) {
        long[] out = new long[count(column)];
        decodeInto(column, out, 0);
        return out;
    }

    /**
     * Writes the lead times of {@code column} into {@code target} from {@code offset} ({@link #count} of them).
     */
    public static void decodeInto(byte[] column, long[] target, int offset) {
        int at = offset;
        long previous = 0;
        long value = 0;
        int shift = 0;
        for (byte b : column) {
            value |= (long) (b & 0x7F) << shift;
            if (b < 0) {
                shift += 7;
                continue;
            }
            previous = at == offset ? value >>> 1 ^ -(value & 1) : previous + value;
            target[at++] = previous;
            value = 0;
            shift = 0;
        }
    }
}
