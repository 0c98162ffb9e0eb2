package io.shiplog.auditor.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void masksPasswordsInParametersAndUserInfoOfEveryDriversSyntax() {
        assertThat(JdbcUrls.redacted("jdbc:postgresql://db:5432/audit?user=shiplog&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/audit?user=shiplog&password=***&ssl=true");
        assertThat(JdbcUrls.redacted("jdbc:postgresql://db/audit?sslpassword=k3y&PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://db/audit?sslpassword=***&PASSWORD=***");
        assertThat(JdbcUrls.redacted("jdbc:mysql://shiplog:s3cret@db:3306/audit"))
                .isEqualTo("jdbc:mysql://shiplog:***@db:3306/audit");
        assertThat(JdbcUrls.redacted("jdbc:sqlserver://db;databaseName=audit;user=sa;password=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;databaseName=audit;user=sa;password=***;encrypt=true");
        assertThat(JdbcUrls.redacted("jdbc:oracle:thin:scott/tiger@db:1521/audit?oauth_token=abc"))
                .doesNotContain("abc");
    }

    @Test
    void leavesUrlsWithoutSecretsAlone() {
        assertThat(JdbcUrls.redacted("jdbc:sqlite:/var/lib/shiplog/audit.db"))
                .isEqualTo("jdbc:sqlite:/var/lib/shiplog/audit.db");
        assertThat(JdbcUrls.redacted("jdbc:postgresql://db:5432/audit?user=shiplog"))
                .isEqualTo("jdbc:postgresql://db:5432/audit?user=shiplog");
    }
}
