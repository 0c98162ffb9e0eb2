package io.shiplog.scanner.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a {@code tags/list} body as a stream ({@code {"name": …, "tags": [ … ]}}), handing on each tag, so a
 * repository with 100,000 tags never sits in memory as a JSON tree. Tags that break the distribution spec's grammar
 * are handed to the rejected consumer instead.
 */
public final class TagListParser {

    /** The tag grammar of the distribution spec. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private static final JsonFactory FACTORY = new JsonFactory();

    private TagListParser() {
    }

    /** Parses {@code body}; fails on garbage or truncated JSON. Answers the number of tags read. */
    public static int parse(InputStream body, Consumer<String> valid, Consumer<String> rejected) throws IOException {
        int count = 0;
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("tags") && value == JsonToken.START_ARRAY) {
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (token == null) {
                            throw new IOException("the tags array ends early");
                        }
                        if (token != JsonToken.VALUE_STRING) {
                            throw new IOException("a tag is not a string but " + token);
                        }
                        String tag = parser.getText();
                        count++;
                        if (TAG.matcher(tag).matches()) {
                            valid.accept(tag);
                        } else {
                            rejected.accept(tag);
                        }
                    }
                } else if (field.equals("tags") && value == JsonToken.VALUE_NULL) {
                    continue;
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IOException("the JSON object ends early");
            }
        }
        return count;
    }
}
