package io.shiplog.gitwriter.manifest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a YAML file decoded as UTF-8, with the mapping between snakeyaml's code point indexes, char
 * indexes and byte offsets. A UTF-8 BOM is kept out of the text and counted in byte offsets.
 */
final class YamlText {

    private final byte[] bytes;
    private final String text;
    private final int bom;
    private final boolean simple;
    private int[] cpToChar;
    private int[] charToByte;

    private YamlText(byte[] bytes, String text, int bom) {
        this.bytes = bytes;
        this.text = text;
        this.bom = bom;
        this.simple = text.length() == bytes.length - bom;
    }

    /** Decodes; throws {@link CharacterCodingException} for bytes that are not UTF-8. */
    static YamlText decode(byte[] bytes) throws CharacterCodingException {
        int bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, bom, bytes.length - bom)).toString();
        return new YamlText(bytes, text, bom);
    }

    String text() {
        return text;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Char index in {@link #text()} of a code point index. */
    int charIndex(int codePointIndex) {
        if (simple) {
            return codePointIndex;
        }
        if (cpToChar == null) {
            int count = text.codePointCount(0, text.length());
            cpToChar = new int[count + 1];
            int c = 0;
            for (int i = 0; i < count; i++) {
                cpToChar[i] = c;
                c += Character.charCount(text.codePointAt(c));
            }
            cpToChar[count] = c;
        }
        return cpToChar[Math.min(codePointIndex, cpToChar.length - 1)];
    }

    /** Byte offset in the file of a char index. */
    int byteOffset(int charIndex) {
        if (simple) {
            return charIndex + bom;
        }
        if (charToByte == null) {
            charToByte = new int[text.length() + 1];
            int b = bom;
            for (int i = 0; i < text.length(); i++) {
                charToByte[i] = b;
                char ch = text.charAt(i);
                if (Character.isHighSurrogate(ch)) {
                    charToByte[++i] = b;
                    b += 4;
                } else {
                    b += ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
                }
            }
            charToByte[text.length()] = b;
        }
        return charToByte[charIndex];
    }

    /** The text from {@code charIndex} to the end of its line (without the line break). */
    String restOfLine(int charIndex) {
        int end = charIndex;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return text.substring(charIndex, end);
    }
}
