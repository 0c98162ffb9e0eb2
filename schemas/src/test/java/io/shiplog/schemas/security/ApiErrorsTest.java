package io.shiplog.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    @Test
    void aPathWithQuotesOrControlCharactersStaysOneJsonString() {
        assertThat(ApiErrors.json("/clusters/a\"b\\c\n")).isEqualTo("\"/clusters/a\\\"b\\\\c\\u000a\"");
    }
}
