package org.itsmflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API's write path: every write leaves an append-only audit-log entry (who, when, what) that auditors read;
 * the same {@code Idempotency-Key} twice creates one record; oversized bodies are refused before parsing.
 */
@PostgresTest
class ApiAuditAndIdempotencyTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    static String incident(String title) {
        return """
                {"title": "%s", "serviceId": "email", "category": "software", "impact": "LOW", "urgency": "LOW"}"""
                .formatted(title);
    }

    ResponseEntity<String> post(String user, String path, String body, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            headers.add("Idempotency-Key", key);
        }
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
    }

    long incidentsTitled(String title) {
        return jdbc.queryForObject("select count(*) from incident where title = ?", Long.class, title);
    }

    @Test
    @DisplayName("Idempotency-Key: the same key and body twice create one incident and replay the first answer")
    void sameKeyTwiceCreatesOneRecord() throws Exception {
        String title = "Idempotent " + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        ResponseEntity<String> first = post("sara", "/api/incidents", incident(title), key);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<String> second = post("sara", "/api/incidents", incident(title), key);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(second.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(second.getHeaders().getFirst("Idempotency-Replayed")).isEqualTo("true");
        assertThat(json.readTree(second.getBody())).isEqualTo(json.readTree(first.getBody()));
        assertThat(incidentsTitled(title)).isEqualTo(1);

        ResponseEntity<String> otherBody = post("sara", "/api/incidents", incident(title + " changed"), key);
        assertThat(otherBody.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(otherBody.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(otherBody.getBody()).get("errors").findValuesAsText("field"))
                .containsExactly("Idempotency-Key");
        assertThat(incidentsTitled(title + " changed")).isZero();

        // keys belong to their user: wei's identical key is another request
        ResponseEntity<String> wei = post("wei", "/api/incidents", incident(title), key);
        assertThat(wei.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(wei.getHeaders().getLocation()).isNotEqualTo(first.getHeaders().getLocation());
        assertThat(incidentsTitled(title)).isEqualTo(2);
    }

    @Test
    @DisplayName("Idempotency-Key: a refused first request does not burn the key; a bad key is a 400 problem")
    void failedRequestReleasesTheKey() {
        String title = "Retry " + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        ResponseEntity<String> bad = post("sara", "/api/incidents",
                incident(title).replace("\"email\"", "\"no-such-service\""), key);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> good = post("sara", "/api/incidents", incident(title), key);
        assertThat(good.getStatusCode()).as(good.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(good.getHeaders().getFirst("Idempotency-Replayed")).isNull();

        ResponseEntity<String> badKey = post("sara", "/api/incidents", incident(title), "has spaces in it");
        assertThat(badKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badKey.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(incidentsTitled(title)).isEqualTo(1);
    }

    @Test
    @DisplayName("A body over 256 KB is refused with a 413 problem before any controller reads it")
    void oversizedBodiesAreRefused() throws Exception {
        String title = "Huge " + UUID.randomUUID();
        String huge = incident(title).replace("\"LOW\"}", "\"LOW\", \"description\": \"" + "x".repeat(300_000) + "\"}");
        ResponseEntity<String> response = post("sara", "/api/incidents", huge, null);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(response.getBody()).get("errors").findValuesAsText("field")).containsExactly("body");
        assertThat(incidentsTitled(title)).isZero();
    }

    @Test
    @DisplayName("Audit log: every write names who, when, what and the record; auditors read it, others may not")
    void everyWriteIsAudited() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String title = "Audited " + UUID.randomUUID();
        ResponseEntity<String> created = post("wei", "/api/incidents", incident(title), null);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getHeaders().getLocation().getPath().replace("/api/incidents/", "");
        ResponseEntity<String> refused = post("kate", "/api/problems", "{}", null);
        assertThat(refused.getStatusCode().is4xxClientError()).isTrue();

        ResponseEntity<String> log = http.withBasicAuth("ada", "ada")
                .getForEntity("/api/audit-log?user=wei&from=" + before, String.class);
        assertThat(log.getStatusCode()).as(log.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode entry = null;
        for (JsonNode e : json.readTree(log.getBody())) {
            if (id.equals(e.path("recordId").asText())) {
                entry = e;
            }
        }
        assertThat(entry).as("entry of " + id + " in " + log.getBody()).isNotNull();
        assertThat(entry.get("user").asText()).isEqualTo("wei");
        assertThat(entry.get("method").asText()).isEqualTo("POST");
        assertThat(entry.get("path").asText()).isEqualTo("/api/incidents");
        assertThat(entry.get("status").asInt()).isEqualTo(201);
        assertThat(entry.get("requestSummary").asText()).contains(title);

        ResponseEntity<String> kates = http.withBasicAuth("demo", "demo")
                .getForEntity("/api/audit-log?user=kate&from=" + before, String.class);
        assertThat(kates.getBody()).contains("/api/problems");

        assertThat(http.withBasicAuth("wei", "wei").getForEntity("/api/audit-log", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("ada", "ada").getForEntity("/api/audit-log?from=tomorrow", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    @DisplayName("Audit log is append-only in PostgreSQL: UPDATE and DELETE are refused by a trigger")
    void auditLogIsAppendOnly() {
        post("sara", "/api/incidents", incident("Append-only " + UUID.randomUUID()), null);
        Long id = jdbc.queryForObject("select max(id) from api_audit_log", Long.class);
        assertThatThrownBy(() -> jdbc.update("update api_audit_log set user_id = 'mallory' where id = ?", id))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from api_audit_log where id = ?", id))
                .hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("select count(*) from api_audit_log where id = ?", Long.class, id)).isEqualTo(1);
    }
}
