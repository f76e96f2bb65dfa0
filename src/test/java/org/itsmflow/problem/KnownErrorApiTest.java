package org.itsmflow.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@PostgresTest
class KnownErrorApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    KnownErrorService knownErrors;

    @Test
    @DisplayName("R-8.3f the known-error database is searchable by CI, category and text")
    void searchesKnownErrors() {
        assertThat(ids("/api/known-errors?ci=APP-ERP")).containsExactly("KE-000001");
        assertThat(ids("/api/known-errors?q=VPN")).containsExactly("KE-000002");
        assertThat(ids("/api/known-errors?category=network&q=client")).containsExactly("KE-000002");
        assertThat(ids("/api/known-errors?q=100%25")).isEmpty();
        ResponseEntity<String> missing = http.withBasicAuth("tom", "tom").getForEntity("/api/known-errors/KE-999999",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    @DisplayName("R-8.2d known errors match an incident by its CI, or by its service and category")
    void matchesIncidents() {
        assertThat(knownErrors.matching("APP-ERP", "email", "hardware")).extracting(KnownError::id)
                .containsExactly("KE-000001");
        assertThat(knownErrors.matching(null, "remote-access", "network")).extracting(KnownError::id)
                .containsExactly("KE-000002");
        assertThat(knownErrors.matching(null, "remote-access", "access")).isEmpty();
    }

    private java.util.List<String> ids(String url) {
        JsonNode body = http.withBasicAuth("tom", "tom").getForObject(url, JsonNode.class);
        return body.findValuesAsText("id");
    }
}
