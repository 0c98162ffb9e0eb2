package io.shiplog.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

class BearerTokenConverterTest {

    private final BearerTokenConverter converter = new BearerTokenConverter();

    @Test
    void readsTheTokenOfABearerHeaderInAnyCase() {
        assertThat(token("Bearer abc-0123456789")).isEqualTo("abc-0123456789");
        assertThat(token("bearer   abc-0123456789 ")).isEqualTo("abc-0123456789");
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoAuthenticationAtAll() {
        assertThat(converter.convert(request(null))).isNull();
        assertThat(converter.convert(request("Basic dXNlcjpwYXNz"))).isNull();
        assertThat(converter.convert(request("Bearerabc"))).isNull();
    }

    @Test
    void aBearerHeaderWithoutATokenIsABadOne() {
        assertThatThrownBy(() -> converter.convert(request("Bearer "))).isInstanceOf(BadCredentialsException.class);
    }

    private String token(String header) {
        Authentication authentication = converter.convert(request(header));
        return (String) authentication.getCredentials();
    }

    /** A request with only an Authorization header (the converter reads nothing else). */
    private static HttpServletRequest request(String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        return (HttpServletRequest) Proxy.newProxyInstance(BearerTokenConverterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
