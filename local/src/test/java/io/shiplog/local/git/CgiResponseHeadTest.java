package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgiResponseHeadTest {

    @Test
    void readsStatusAndHeadersAndLeavesStreamAtBody() throws IOException {
        InputStream in = stream("Status: 404 Not Found\r\nExpires: Fri, 01 Jan 1980 00:00:00 GMT\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found");

        CgiResponseHead head = CgiResponseHead.read(in);

        assertThat(head.status()).isEqualTo(404);
        assertThat(head.headers()).containsExactly(Map.entry("Expires", "Fri, 01 Jan 1980 00:00:00 GMT"),
                Map.entry("Content-Type", "text/plain"));
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("not found");
    }

    @Test
    void defaultsTo200AndAcceptsBareLineFeeds() throws IOException {
        InputStream in = stream("Content-Type: application/x-git-upload-pack-result\n\n\u0000\u0001body");

        CgiResponseHead head = CgiResponseHead.read(in);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).containsExactly(Map.entry("Content-Type", "application/x-git-upload-pack-result"));
        assertThat(in.readAllBytes()).hasSize(6);
    }

    @Test
    void failsOnOutputThatEndsBeforeTheBlankLine() {
        assertThatThrownBy(() -> CgiResponseHead.read(stream("Content-Type: text/plain\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("ended before the end of its headers");
        assertThatThrownBy(() -> CgiResponseHead.read(stream("")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void failsOnMalformedHeaderOrStatusNamingIt() {
        assertThatThrownBy(() -> CgiResponseHead.read(stream("no colon here\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("'no colon here'");
        assertThatThrownBy(() -> CgiResponseHead.read(stream("Status: abc\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("'abc'");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
