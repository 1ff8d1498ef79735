package io.sfcrime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ApiSecurityPropertiesTest {

    @Test
    void aBlankTokenMeansNone() {
        assertThat(new ApiSecurityProperties("  ", DataSize.ofKilobytes(64)).tokenRequired()).isFalse();
        assertThat(new ApiSecurityProperties(null, DataSize.ofKilobytes(64)).tokenRequired()).isFalse();
    }

    @Test
    void aShortOrSpacedTokenStopsStartUp() {
        for (String token : new String[] { "short", "sixteen chars ok", "0123456789abcde" }) {
            assertThatThrownBy(() -> new ApiSecurityProperties(token, DataSize.ofKilobytes(64))).as(token)
                .hasMessageContaining("sfcrime.security.api-token must be at least 16 characters");
        }
    }

    @Test
    void theTokenIsNeverInTheTextOfTheSettings() {
        String token = "0123456789abcdef0123";

        assertThat(new ApiSecurityProperties(token, DataSize.ofKilobytes(64)).toString()).doesNotContain(token)
            .contains("(set)");
    }

    @Test
    void theBodyLimitIsBounded() {
        assertThatThrownBy(() -> new ApiSecurityProperties(null, DataSize.ofBytes(0)))
            .hasMessageContaining("max-request-body");
        assertThatThrownBy(() -> new ApiSecurityProperties(null, DataSize.ofMegabytes(17)))
            .hasMessageContaining("max-request-body");
    }

}
