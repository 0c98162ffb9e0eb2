package io.shiplog.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.schemas.security.ApiProperties.Role;
import io.shiplog.schemas.security.ApiProperties.Token;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class ApiTokensTest {

    private static final String WRITER = "writer-token-0123456789";
    private static final String READER = "reader-token-0123456789";
    private static final String AUDIT = "audit-token-0123456789";

    private final ApiTokens tokens = new ApiTokens(new ApiProperties(List.of(new Token("ops", WRITER, Role.WRITE),
            new Token("dashboards", READER, Role.READ))), Optional.of(AUDIT));

    @Test
    void aPresentedTokenMatchesTheConfiguredOneWithItsNameAndRole() {
        assertThat(tokens.match(WRITER)).contains(new ApiTokens.Match("ops", Role.WRITE));
        assertThat(tokens.match(READER)).contains(new ApiTokens.Match("dashboards", Role.READ));
        assertThat(tokens.match(WRITER + "x")).isEmpty();
        assertThat(tokens.match(WRITER.substring(1))).isEmpty();
        assertThat(tokens.match("")).isEmpty();
    }

    @Test
    void theAuditApiTokenOfOlderConfigurationsIsAWriteToken() {
        assertThat(tokens.match(AUDIT)).contains(new ApiTokens.Match(ApiTokens.AUDIT, Role.WRITE));
        assertThat(tokens.names()).containsExactly("ops", "dashboards", "audit.token");
    }

    @Test
    void noTokenConfiguredMatchesNothing() {
        ApiTokens none = new ApiTokens(new ApiProperties(null), Optional.empty());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.match("")).isEmpty();
    }

    @Test
    void aNameGivenTwiceOrAShortAuditTokenStopsTheStartWithoutShowingAToken() {
        assertThatThrownBy(() -> new ApiTokens(new ApiProperties(List.of(new Token("ops", WRITER, Role.WRITE),
                new Token("ops", READER, Role.READ))), Optional.empty()))
                .hasMessage("shiplog.api.tokens: the name 'ops' is given twice (names must be unique: logs show them "
                        + "instead of the tokens)");
        assertThatThrownBy(() -> new ApiTokens(new ApiProperties(List.of()), Optional.of("short-t0ken")))
                .hasMessageContaining("shiplog.audit.api.token").hasMessageContaining("shorter than 16 characters")
                .hasMessageNotContaining("short-t0ken");
    }

    @Test
    void aWriteTokenMayReadAndWriteAReadTokenOnlyRead() {
        ApiTokenAuthenticationProvider provider = new ApiTokenAuthenticationProvider(tokens);

        Authentication writer = provider.authenticate(BearerToken.presented(WRITER));
        Authentication reader = provider.authenticate(BearerToken.presented(READER));

        assertThat(writer.isAuthenticated()).isTrue();
        assertThat(writer.getName()).isEqualTo("ops");
        assertThat(writer.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder(BearerToken.READ, BearerToken.WRITE);
        assertThat(reader.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly(BearerToken.READ);
        assertThat(writer.getCredentials()).isNull();
        assertThatThrownBy(() -> provider.authenticate(BearerToken.presented("guess-0123456789abcdef")))
                .isInstanceOf(BadCredentialsException.class).hasMessage("the bearer token is not valid");
    }

    @Test
    void neitherATokenNorItsPropertiesShowTheSecret() {
        BearerToken presented = BearerToken.presented(WRITER);
        assertThat(presented.toString()).doesNotContain(WRITER);
        assertThat(presented.getName()).doesNotContain(WRITER);
        assertThat(new Token("ops", WRITER, Role.WRITE).toString()).doesNotContain(WRITER).contains("ops");
        assertThat(tokens.toString()).doesNotContain(WRITER).doesNotContain(AUDIT);
    }
}
