package io.shiplog.cluster.render.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files the real age v1.3.1 wrote for two recipients (src/test/resources/age): the STREAM payload in 64 KiB chunks
 * (empty, exactly one full chunk, a full chunk and one byte), the header MAC, and files altered after writing.
 */
class AgeFileTest {

    private static List<X25519Identity> identities() throws IOException {
        return AgeIdentities.parse(new String(resource("key.txt"), StandardCharsets.UTF_8), "key.txt").identities();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = AgeFileTest.class.getResourceAsStream("/age/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] plaintext(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    @Test
    void decryptsEmptyOneChunkAndTwoChunkPayloadsThatAgeWrote() throws IOException {
        assertThat(AgeFile.decrypt(resource("empty.age"), identities())).hasValueSatisfying(
                p -> assertThat(p).isEmpty());
        assertThat(AgeFile.decrypt(resource("one-chunk.age"), identities())).hasValueSatisfying(
                p -> assertThat(p).isEqualTo(plaintext(65536)));
        assertThat(AgeFile.decrypt(resource("two-chunks.age"), identities())).hasValueSatisfying(
                p -> assertThat(p).isEqualTo(plaintext(65537)));
    }

    @Test
    void findsNothingForAnIdentityThatIsNoRecipient() throws IOException {
        byte[] scalar = new byte[32];
        Arrays.fill(scalar, (byte) 7);
        List<X25519Identity> stranger = List.of(new X25519Identity(scalar));
        assertThat(AgeFile.decrypt(resource("two-chunks.age"), stranger)).isEmpty();
    }

    @Test
    void refusesAPayloadWithAnAlteredByte() throws IOException {
        byte[] file = resource("two-chunks.age");
        file[file.length - 40_000] ^= 1;
        assertThatThrownBy(() -> AgeFile.decrypt(file, identities()))
                .hasMessage("the age payload does not decrypt (the file was altered)");
    }

    @Test
    void refusesAPayloadCutAfterAFullChunk() throws IOException {
        byte[] file = resource("two-chunks.age");
        byte[] cut = Arrays.copyOf(file, file.length - 17);
        assertThatThrownBy(() -> AgeFile.decrypt(cut, identities()))
                .hasMessage("the age payload does not decrypt (the file was altered)");
    }

    @Test
    void refusesAHeaderWhoseOtherStanzaWasAltered() throws IOException {
        byte[] file = resource("one-chunk.age");
        String header = new String(file, 0, 300, StandardCharsets.ISO_8859_1);
        int firstStanzaBody = header.indexOf('\n', header.indexOf("-> X25519")) + 1;
        file[firstStanzaBody] = (byte) (file[firstStanzaBody] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> AgeFile.decrypt(file, identities()))
                .hasMessage("the age header MAC does not match (the file was altered)");
    }
}
