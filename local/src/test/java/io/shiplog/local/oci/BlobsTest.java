package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BlobsTest {

    @Test
    void digestsBytesWithSha256InOciNotation() {
        assertThat(Blobs.sha256(new byte[0]))
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Blobs.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void writesLayerAsGzippedTarWhoseDiffIdIsTheDigestOfThePlainTar() throws IOException {
        byte[] content = "unique content\n".getBytes(StandardCharsets.UTF_8);
        Blobs.Layer layer = Blobs.layer("shiplog", "file.txt", content, Instant.parse("2026-01-02T03:04:05Z"));

        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(layer.compressed())).readAllBytes();

        assertThat(Blobs.sha256(tar)).isEqualTo(layer.diffId());
        assertThat(tar.length % 512).isZero();
        assertThat(name(tar, 0)).isEqualTo("shiplog/");
        assertThat((char) tar[156]).isEqualTo('5');
        assertThat(name(tar, 512)).isEqualTo("shiplog/file.txt");
        assertThat((char) tar[512 + 156]).isEqualTo('0');
        assertThat(Arrays.copyOfRange(tar, 1024, 1024 + content.length)).isEqualTo(content);
        assertThat(Arrays.copyOfRange(tar, tar.length - 1024, tar.length)).containsOnly((byte) 0);
    }

    @Test
    void writesTarHeadersWhoseChecksumMatchesTheirBytes() {
        byte[] header = Blobs.header("dir/name", 1234, '0', 0644, 1_700_000_000L);

        long sum = 0;
        for (int i = 0; i < header.length; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        String stored = new String(header, 148, 6, StandardCharsets.US_ASCII);
        assertThat(Long.parseLong(stored, 8)).isEqualTo(sum);
        assertThat(Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII), 8)).isEqualTo(1234);
        assertThat(new String(header, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
    }

    @Test
    void refusesTarEntryNamesLongerThanTheUstarField() {
        assertThatThrownBy(() -> Blobs.header("x".repeat(101), 0, '0', 0644, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 100 bytes");
    }

    private static String name(byte[] tar, int offset) {
        int end = offset;
        while (tar[end] != 0) {
            end++;
        }
        return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
    }
}
