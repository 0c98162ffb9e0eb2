package io.shiplog.local.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Content-addressed bytes: SHA-256 digests and a one-file gzip'd tar layer written by hand. */
final class Blobs {

    private static final int BLOCK = 512;

    private Blobs() {
    }

    /** A layer: its gzip'd bytes (what is uploaded) and the digest of the plain tar (the config's diff_id). */
    record Layer(byte[] compressed, String diffId) {
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A tar holding the directory {@code dir/} and the file {@code dir/name} with {@code content}, gzip'd. */
    static Layer layer(String dir, String name, byte[] content, Instant mtime) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        long seconds = Math.max(0, mtime.getEpochSecond());
        tar.writeBytes(header(dir + "/", 0, '5', 0755, seconds));
        tar.writeBytes(header(dir + "/" + name, content.length, '0', 0644, seconds));
        tar.writeBytes(content);
        tar.writeBytes(new byte[padding(content.length)]);
        tar.writeBytes(new byte[2 * BLOCK]);
        byte[] plain = tar.toByteArray();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a layer in memory", e);
        }
        return new Layer(compressed.toByteArray(), sha256(plain));
    }

    /** A POSIX ustar header block. */
    static byte[] header(String path, long size, char type, int mode, long mtime) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > 100) {
            throw new IllegalArgumentException("tar entry name '" + path + "' is longer than 100 bytes");
        }
        byte[] block = new byte[BLOCK];
        System.arraycopy(name, 0, block, 0, name.length);
        octal(block, 100, 8, mode);
        octal(block, 108, 8, 0);
        octal(block, 116, 8, 0);
        octal(block, 124, 12, size);
        octal(block, 136, 12, mtime);
        block[156] = (byte) type;
        ascii(block, 257, "ustar\0");
        ascii(block, 263, "00");
        ascii(block, 265, "root");
        ascii(block, 297, "root");
        for (int i = 148; i < 156; i++) {
            block[i] = ' ';
        }
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        ascii(block, 148, String.format("%06o", sum) + "\0 ");
        return block;
    }

    private static void octal(byte[] block, int offset, int length, long value) {
        ascii(block, offset, String.format("%0" + (length - 1) + "o", value) + "\0");
    }

    private static void ascii(byte[] block, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, block, offset, bytes.length);
    }

    private static int padding(int length) {
        return (BLOCK - length % BLOCK) % BLOCK;
    }
}
