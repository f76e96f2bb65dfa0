package org.itsmflow.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one-time survey tokens (R-7.2e): 256 random bits, URL-safe, stored only as SHA-256. */
class SurveyTokensTest {

    @Test
    @DisplayName("R-7.2e tokens are 43 URL-safe characters (256 bits) and never repeat")
    void tokensAreLongRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = SurveyTokens.newToken();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(SurveyTokens.wellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    @DisplayName("R-7.2e only the SHA-256 of a token is stored; malformed text is never looked up")
    void hashIsSha256Hex() {
        assertThat(SurveyTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SurveyTokens.wellFormed(null)).isFalse();
        assertThat(SurveyTokens.wellFormed("short")).isFalse();
        assertThat(SurveyTokens.wellFormed("A".repeat(42) + "=")).isFalse();
    }
}
