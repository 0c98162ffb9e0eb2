package io.shiplog.cluster.render.sops;

import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * How sops turns a value into the bytes its MAC hashes (Go's {@code sops.ToBytes}): strings as UTF-8, integers in
 * decimal, floats in Go's shortest plain {@code 'f'} format, booleans as {@code True}/{@code False}.
 */
final class MacInput {

    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private MacInput() {
    }

    /** The MAC bytes of an unencrypted scalar as sops read it. */
    static byte[] of(JsonPrimitive value) {
        if (value.isBoolean()) {
            return bool(value.getAsBoolean());
        }
        if (value.isNumber()) {
            return number(value.getAsNumber()).getBytes(StandardCharsets.US_ASCII);
        }
        return value.getAsString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bool(boolean value) {
        return (value ? "True" : "False").getBytes(StandardCharsets.US_ASCII);
    }

    /** An integer within Go's int in decimal, any other number as a float64 the way Go formats it. */
    static String number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte) {
            return Long.toString(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return big.compareTo(MIN_LONG) >= 0 && big.compareTo(MAX_LONG) <= 0 ? big.toString()
                    : goFloat(big.doubleValue());
        }
        if (number instanceof LazilyParsedNumber || number instanceof BigDecimal) {
            String text = number.toString();
            if (text.matches("-?\\d+")) {
                return number(new BigInteger(text));
            }
        }
        return goFloat(number.doubleValue());
    }

    /** Go's {@code strconv.FormatFloat(value, 'f', -1, 64)}: the shortest decimal that reads back, never exponents. */
    static String goFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros().toPlainString();
            }
        }
        return exact.toPlainString();
    }
}
