package io.shiplog.local.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header block of a CGI response (RFC 3875 section 6): the status from {@code Status:} (200 when absent) and
 * the other header lines, in order. The body follows in the same stream.
 */
record CgiResponseHead(int status, List<Map.Entry<String, String>> headers) {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    CgiResponseHead {
        headers = List.copyOf(headers);
    }

    /**
     * Reads header lines up to and including the empty line that ends them, leaving {@code in} at the first body
     * byte. Lines may end in CRLF or LF. {@code Content-Length} is dropped because the body is re-sent chunked.
     */
    static CgiResponseHead read(InputStream in) throws IOException {
        int status = 200;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int consumed = 0;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("CGI output ended before the end of its headers");
            }
            consumed += line.length() + 1;
            if (consumed > MAX_HEAD_BYTES) {
                throw new IOException("CGI headers exceed " + MAX_HEAD_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return new CgiResponseHead(status, headers);
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed CGI header line '" + line + "'");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "status" -> status = parseStatus(value);
                case "content-length" -> { }
                default -> headers.add(Map.entry(name, value));
            }
        }
    }

    private static int parseStatus(String value) throws IOException {
        String code = value.split(" ", 2)[0];
        try {
            int status = Integer.parseInt(code);
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("malformed CGI Status header '" + value + "'");
    }

    /** A line without its terminator, or null at end of stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("CGI header line exceeds " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }
}
